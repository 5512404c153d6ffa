//! Which API base URLs the app will send a key to.

use reqwest::Url;

use crate::error::DeskError;

pub const DEFAULT_BASE_URL: &str = "https://api.layers.com";

/// Whether `url` names this computer: `localhost` or a loopback address (not a look-alike
/// such as `localhost.example`).
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Accepts https anywhere and plain http only on loopback (the sandbox), so the key never
/// crosses a network in clear text. Returns the URL without a trailing slash.
pub fn parse_base_url(input: &str) -> Result<Url, DeskError> {
    const FIELD: &str = "baseUrl";
    let trimmed = input.trim().trim_end_matches('/');
    if trimmed.is_empty() {
        return Err(DeskError::invalid(FIELD, "API base URL is required"));
    }
    let url = Url::parse(trimmed).map_err(|_| {
        DeskError::invalid(
            FIELD,
            "API base URL must be a full URL such as https://api.layers.com",
        )
    })?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        _ => {
            return Err(DeskError::invalid(
                FIELD,
                "API base URL must use https (plain http is allowed only on this computer: localhost, 127.0.0.1)",
            ))
        }
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(DeskError::invalid(
            FIELD,
            "API base URL must not contain a user name or password",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(DeskError::invalid(
            FIELD,
            "API base URL must not contain a query or fragment",
        ));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(input: &str) -> String {
        match parse_base_url(input) {
            Err(DeskError::Invalid { field, rule }) => {
                assert_eq!(field, "baseUrl");
                rule
            }
            other => panic!("expected a validation error for {input:?}, got {other:?}"),
        }
    }

    #[test]
    fn https_and_loopback_http_are_accepted() {
        assert_eq!(
            parse_base_url("https://api.layers.com/").unwrap().as_str(),
            "https://api.layers.com/"
        );
        assert!(parse_base_url("http://127.0.0.1:4010").is_ok());
        assert!(parse_base_url("http://localhost:4010").is_ok());
        assert!(parse_base_url("http://[::1]:4010").is_ok());
    }

    #[test]
    fn plain_http_elsewhere_is_refused_with_the_rule() {
        assert!(rule("http://api.layers.com").contains("https"));
        assert!(rule("http://10.0.0.5").contains("https"));
    }

    #[test]
    fn empty_garbage_credentials_and_queries_are_refused() {
        assert!(rule("  ").contains("required"));
        assert!(rule("api.layers.com").contains("full URL"));
        assert!(rule("https://u:p@api.layers.com").contains("user name"));
        assert!(rule("https://api.layers.com/?x=1").contains("query"));
        assert!(rule("ftp://api.layers.com").contains("https"));
    }
}
