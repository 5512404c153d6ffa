//! The demo containers' media, served by the sandbox itself so "Try the sandbox" shows real
//! pictures and a playable video with no network: each picture is drawn from its URL (the
//! same URL always gives the same picture), and the one short video ships with the sandbox
//! (VP9 in MP4, 4 s, 288×512: it plays with GStreamer's "good" plugins, no patent codecs).

use sha2::{Digest, Sha256};

/// Where the demo media lives on the sandbox's own origin.
pub const PREFIX: &str = "/_sandbox/demo/";

pub const VIDEO: &[u8] = include_bytes!("../assets/demo-video.mp4");

/// The URL of `file` for the container whose id ends in `uuid`, on the sandbox at `origin`.
pub fn url(origin: &str, uuid: &str, file: &str) -> String {
    format!("{origin}{PREFIX}{uuid}/{file}")
}

/// Points every demo URL in `url` at `origin` (a state file saved by a run on another port).
pub fn rebase(url: &mut String, origin: &str) {
    if let Some(at) = url.find(PREFIX) {
        if url[..at] != *origin {
            *url = format!("{origin}{}", &url[at..]);
        }
    }
}

/// `rebase` on every media URL of every container in `state`.
pub fn rebase_state(state: &mut crate::state::State, origin: &str) {
    for c in &mut state.containers {
        if let Some(p) = &mut c.preview {
            rebase(&mut p.primary_url, origin);
            p.video_url.iter_mut().for_each(|u| rebase(u, origin));
            p.thumbnail_url.iter_mut().for_each(|u| rebase(u, origin));
        }
        for a in &mut c.assets {
            rebase(&mut a.url, origin);
            a.thumbnail_url.iter_mut().for_each(|u| rebase(u, origin));
        }
    }
}

/// The bytes and type of the demo file at `path` (`UUID/NAME`), or `None` for no such file.
pub fn file(path: &str) -> Option<(&'static str, Vec<u8>)> {
    let (_, name) = path.split_once('/')?;
    if name == "video.mp4" {
        return Some(("video/mp4", VIDEO.to_vec()));
    }
    let stem = name.strip_suffix(".png")?;
    // Thumbnails are small; an image post is 4:5 and the rest (video posters, slides) 9:16.
    let width = if stem.ends_with("thumb") { 180 } else { 540 };
    let height = if stem.starts_with("image") {
        width * 5 / 4
    } else {
        width * 16 / 9
    };
    Some(("image/png", picture(path, width, height)))
}

/// A PNG of `width`×`height`: a diagonal blend of two colours picked by `seed`, with three
/// soft discs, so each container and slide looks different at a glance.
pub fn picture(seed: &str, width: u32, height: u32) -> Vec<u8> {
    let h = Sha256::digest(seed.as_bytes());
    let hue = f32::from(h[0]) / 255.0;
    let from = hsl(hue, 0.65, 0.55);
    let to = hsl((hue + 0.18) % 1.0, 0.7, 0.3);
    let discs: Vec<(f32, f32, f32)> = (0..3)
        .map(|i| {
            let b = &h[1 + i * 3..4 + i * 3];
            let unit = |v: u8| f32::from(v) / 255.0;
            (
                unit(b[0]) * width as f32,
                unit(b[1]) * height as f32,
                (0.15 + unit(b[2]) * 0.25) * width as f32,
            )
        })
        .collect();
    let mut data = Vec::with_capacity((width * height * 3) as usize);
    for y in 0..height {
        for x in 0..width {
            let t = (x as f32 / width as f32 + y as f32 / height as f32) / 2.0;
            let mut px = [0f32; 3];
            for (c, p) in px.iter_mut().enumerate() {
                *p = from[c] + (to[c] - from[c]) * t;
            }
            for &(cx, cy, r) in &discs {
                let d = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)).sqrt();
                // Lighten inside the disc, fading out over its last fifth.
                let a = ((r - d) / (r * 0.2)).clamp(0.0, 1.0) * 0.35;
                for p in &mut px {
                    *p += (1.0 - *p) * a;
                }
            }
            data.extend(px.iter().map(|p| (p * 255.0).round() as u8));
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    // Writing to a Vec of a size we chose cannot fail.
    let mut writer = encoder.write_header().expect("png header");
    writer.write_image_data(&data).expect("png data");
    writer.finish().expect("png end");
    out
}

/// An RGB colour (0..1 each) from hue, saturation and lightness (0..1 each).
fn hsl(h: f32, s: f32, l: f32) -> [f32; 3] {
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let hp = h * 6.0;
    let x = c * (1.0 - (hp % 2.0 - 1.0).abs());
    let (r, g, b) = match hp as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = l - c / 2.0;
    [r + m, g + m, b + m]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_are_pngs_of_the_asked_size_and_differ_by_seed() {
        let a = picture("a", 40, 50);
        let b = picture("b", 40, 50);
        assert!(a.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert_ne!(a, b);
        assert_eq!(a, picture("a", 40, 50));
        let decoder = png::Decoder::new(std::io::Cursor::new(a));
        let reader = decoder.read_info().unwrap();
        assert_eq!((reader.info().width, reader.info().height), (40, 50));
    }

    #[test]
    fn files_by_name() {
        let (ty, bytes) = file("abc/video.mp4").unwrap();
        assert_eq!(ty, "video/mp4");
        assert_eq!(&bytes[4..8], b"ftyp");
        let (ty, _) = file("abc/slide-2-thumb.png").unwrap();
        assert_eq!(ty, "image/png");
        assert!(file("abc/notes.txt").is_none());
        assert!(file("no-slash").is_none());
    }

    #[test]
    fn rebase_moves_demo_urls_to_the_new_origin_only() {
        let mut u = url("http://127.0.0.1:1000", "abc", "thumb.png");
        rebase(&mut u, "http://127.0.0.1:2000");
        assert_eq!(u, "http://127.0.0.1:2000/_sandbox/demo/abc/thumb.png");
        let mut other = "https://cdn.example/x.png".to_string();
        rebase(&mut other, "http://127.0.0.1:2000");
        assert_eq!(other, "https://cdn.example/x.png");
    }
}
