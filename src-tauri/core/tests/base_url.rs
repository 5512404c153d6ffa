//! Which base URLs the key may be sent to: https anywhere, plain http only on this computer.

use layers_core::api::parse_base_url;
use layers_core::DeskError;

fn refused(input: &str) -> String {
    match parse_base_url(input) {
        Err(DeskError::Invalid { field, rule }) => {
            assert_eq!(field, "baseUrl", "{input}");
            rule
        }
        other => panic!("{input:?} should be refused, got {other:?}"),
    }
}

#[test]
fn lookalikes_of_loopback_are_not_loopback() {
    for input in [
        "http://localhost.evil.example",
        "http://127.0.0.1.nip.io",
        "http://localhost@evil.example",
        "http://evil.example#@127.0.0.1",
        "http://0.0.0.0:4010",
        "http://[::ffff:7f00:1]:4010",
        "http://192.168.1.10",
    ] {
        let rule = refused(input);
        assert!(
            rule.contains("https") || rule.contains("user name") || rule.contains("fragment"),
            "{input}: {rule}"
        );
    }
}

#[test]
fn other_schemes_and_empty_hosts_are_refused() {
    for input in [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "data:text/plain,hi",
        "ws://127.0.0.1:4010",
        "https://",
        "//api.layers.com",
    ] {
        refused(input);
    }
}

#[test]
fn loopback_http_in_any_spelling_is_accepted() {
    for input in [
        "http://127.0.0.1:4010",
        "HTTP://LOCALHOST:4010/",
        "http://127.0.0.2:4010",
        "http://[::1]:4010",
        "  https://api.layers.com/  ",
        "https://api.layers.com/prefix",
    ] {
        let url = parse_base_url(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert!(matches!(url.scheme(), "http" | "https"));
    }
}
