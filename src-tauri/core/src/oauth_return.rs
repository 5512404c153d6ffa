//! Where OAuth sign-ins come back to. A key's allowlist holds exact URLs and is set when the
//! key is made, so the app never sends a URL that changes from run to run: by default one
//! fixed loopback URL a partner can have Layers allowlist once, or else the partner's own
//! https page (on a domain the allowlist already holds) that redirects on to it.

use reqwest::Url;

use crate::error::{DeskError, Result};

/// The loopback port of the return page (documented in the README; keep it fixed).
pub const RETURN_PORT: u16 = 47821;
pub const RETURN_PATH: &str = "/oauth/return";

/// The fixed loopback return URL.
pub fn loopback_url() -> String {
    format!("http://127.0.0.1:{RETURN_PORT}{RETURN_PATH}")
}

/// Checks a partner's own return page: an absolute https URL without credentials or a
/// fragment (the API appends its query, and a fragment would swallow it).
pub fn check_custom(input: &str) -> Result<String> {
    let rule = |why: &str| DeskError::invalid("returnUrl", why.to_string());
    let url = Url::parse(input.trim())
        .map_err(|_| rule("enter an absolute URL such as https://app.example.com/connect/done"))?;
    if url.scheme() != "https" {
        return Err(rule(
            "the return page must use https (only the built-in loopback page may use http)",
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(rule("the URL needs a host name"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(rule("the URL must not hold a user name or password"));
    }
    if url.fragment().is_some() {
        return Err(rule("the URL must not end in a #fragment"));
    }
    // Kept as typed: the allowlist matches exactly, and parsing would add a trailing slash.
    Ok(input.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loopback_url_is_fixed() {
        assert_eq!(loopback_url(), "http://127.0.0.1:47821/oauth/return");
    }

    #[test]
    fn a_custom_return_page_must_be_plain_https() {
        assert_eq!(
            check_custom(" https://app.example.com/connect/done ").unwrap(),
            "https://app.example.com/connect/done"
        );
        for bad in [
            "",
            "app.example.com/done",
            "http://app.example.com/done",
            "https://user:pw@app.example.com/done",
            "https://app.example.com/done#x",
            "javascript:alert(1)",
        ] {
            match check_custom(bad) {
                Err(DeskError::Invalid { field, .. }) => assert_eq!(field, "returnUrl", "{bad}"),
                other => panic!("{bad:?} gave {other:?}"),
            }
        }
    }
}
