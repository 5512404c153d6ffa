//! Identifier helpers: deterministic ids for the fixture, random ones at run time.

use rand::Rng;
use sha2::{Digest, Sha256};
use uuid::Uuid;

fn digest(seed: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"layers-sandbox/");
    h.update(seed.as_bytes());
    h.finalize().into()
}

/// A v4-shaped UUID derived from `seed` (same seed, same UUID on every start).
pub fn fixed_uuid(seed: &str) -> Uuid {
    let d = digest(seed);
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    uuid::Builder::from_random_bytes(b).into_uuid()
}

/// `prefix` + a deterministic UUID.
pub fn fixed(prefix: &str, seed: &str) -> String {
    format!("{prefix}{}", fixed_uuid(seed))
}

/// `prefix` + a random UUID.
pub fn random(prefix: &str) -> String {
    format!("{prefix}{}", Uuid::new_v4())
}

const BASE32: &[u8] = b"abcdefghijklmnopqrstuvwxyz234567";
const CROCKFORD: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const B64URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Unpadded base64url.
pub fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 2);
    for chunk in bytes.chunks(3) {
        let n = match chunk.len() {
            3 => (chunk[0] as u32) << 16 | (chunk[1] as u32) << 8 | chunk[2] as u32,
            2 => (chunk[0] as u32) << 16 | (chunk[1] as u32) << 8,
            _ => (chunk[0] as u32) << 16,
        };
        let chars = chunk.len() + 1;
        for i in 0..chars {
            let idx = (n >> (18 - 6 * i)) & 63;
            out.push(B64URL[idx as usize] as char);
        }
    }
    out
}

/// Decodes unpadded base64url; `None` on bad input.
pub fn base64url_decode(s: &str) -> Option<Vec<u8>> {
    let mut bits: u32 = 0;
    let mut nbits = 0;
    let mut out = Vec::new();
    for c in s.bytes() {
        let v = B64URL.iter().position(|&b| b == c)? as u32;
        bits = (bits << 6) | v;
        nbits += 6;
        if nbits >= 8 {
            nbits -= 8;
            out.push((bits >> nbits) as u8);
            bits &= (1 << nbits) - 1;
        }
    }
    Some(out)
}

/// A fixed `lp_test_<16 base32>_<43 base64url>` key for a fixture label.
pub fn fixed_api_key(label: &str) -> String {
    let id = digest(&format!("key-id:{label}"));
    let id: String = id[..16]
        .iter()
        .map(|b| BASE32[(*b as usize) % 32] as char)
        .collect();
    let secret = base64url(&digest(&format!("key-secret:{label}")));
    format!("lp_test_{id}_{secret}")
}

/// 26 random Crockford base32 characters (ULID-like).
pub fn ulid_like() -> String {
    let mut rng = rand::rng();
    (0..26)
        .map(|_| CROCKFORD[rng.random_range(0..32)] as char)
        .collect()
}

/// `n` random decimal digits, not starting with 0.
pub fn digits(n: usize) -> String {
    let mut rng = rand::rng();
    let mut s = String::with_capacity(n);
    s.push(char::from(b'1' + rng.random_range(0..9u8)));
    for _ in 1..n {
        s.push(char::from(b'0' + rng.random_range(0..10u8)));
    }
    s
}

/// An Instagram-like shortcode.
pub fn shortcode() -> String {
    let mut rng = rand::rng();
    (0..11)
        .map(|_| B64URL[rng.random_range(0..64)] as char)
        .collect()
}

/// Lowercase hex of a SHA-256 digest.
pub fn sha256_hex(data: &[u8]) -> String {
    let d: [u8; 32] = Sha256::digest(data).into();
    d.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_key_format() {
        let k = fixed_api_key("owner-verified");
        let parts: Vec<&str> = k.splitn(4, '_').collect();
        assert_eq!(parts[0], "lp");
        assert_eq!(parts[1], "test");
        assert_eq!(parts[2].len(), 16);
        assert_eq!(parts[3].len(), 43);
        assert_eq!(k, fixed_api_key("owner-verified"));
    }

    #[test]
    fn base64_roundtrip() {
        for data in [&b""[..], b"a", b"ab", b"abc", b"hello world!"] {
            let e = base64url(data);
            assert_eq!(base64url_decode(&e).as_deref(), Some(data));
        }
    }

    #[test]
    fn fixed_uuid_is_stable_v4() {
        let a = fixed_uuid("x");
        assert_eq!(a, fixed_uuid("x"));
        assert_eq!(a.get_version_num(), 4);
    }
}
