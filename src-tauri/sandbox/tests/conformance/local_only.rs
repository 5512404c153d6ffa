//! The sandbox answers this computer's programs, not the web pages the user has open: the
//! reproductions of a rebinding Host, a foreign page's requests and a no-preflight POST, each
//! refused and changing nothing; and no bind address off loopback.

use crate::common::*;
use layers_sandbox::{Sandbox, SandboxConfig};
use serde_json::Value;

/// The sandbox clock, in seconds: it runs with real time, so "did not move" means it moved
/// by far less than the hour the refused requests asked for.
async fn clock_now(t: &T) -> f64 {
    let now = t
        .http
        .get(t.url("/_sandbox/clock"))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap()["now"]
        .as_str()
        .unwrap()
        .to_string();
    chrono::DateTime::parse_from_rfc3339(&now)
        .unwrap()
        .timestamp() as f64
}

fn assert_not_moved(before: f64, after: f64) {
    assert!(
        after - before < 600.0,
        "the clock moved by {} s",
        after - before
    );
}

#[tokio::test]
async fn a_rebinding_host_name_gets_neither_the_fixture_nor_the_sms_outbox() {
    let t = start().await;
    for path in ["/_sandbox/fixture", "/_sandbox/sms", "/v1/whoami"] {
        let res = t
            .http
            .get(t.url(path))
            .header(
                "host",
                format!("rebind.attacker.example:{}", t.sb.addr().port()),
            )
            .bearer_auth(&t.key)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 421, "{path}");
        let body = res.text().await.unwrap();
        assert!(!body.contains("lp_"), "{path} leaked a key: {body}");
    }
}

#[tokio::test]
async fn a_foreign_page_cannot_read_or_drive_the_sandbox() {
    let t = start().await;
    let before = clock_now(&t).await;
    let page = [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ];
    for (name, value) in page {
        let res = t
            .http
            .get(t.url("/_sandbox/fixture"))
            .header(name, value)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "{name}: {value}");
        let res = t
            .http
            .post(t.url("/_sandbox/clock/advance"))
            .header(name, value)
            .json(&serde_json::json!({"seconds": 3600}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "{name}: {value}");
    }
    // An image tag pointing at the consent decision would approve a sign-in.
    let res = t
        .http
        .get(t.url("/_sandbox/oauth/decide?state=st_x&decision=approve"))
        .header("sec-fetch-site", "cross-site")
        .header("sec-fetch-mode", "no-cors")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_not_moved(before, clock_now(&t).await);
}

#[tokio::test]
async fn a_no_preflight_text_plain_post_changes_nothing() {
    let t = start().await;
    let before = clock_now(&t).await;
    for (path, body) in [
        ("/_sandbox/clock/advance", r#"{"seconds":3600}"#),
        ("/_sandbox/faults", r#"{"error5xx":1.0}"#),
    ] {
        let res = t
            .http
            .post(t.url(path))
            .header("content-type", "text/plain")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 415, "{path}");
        assert_eq!(
            res.json::<Value>().await.unwrap()["error"]["code"],
            "UNSUPPORTED_MEDIA_TYPE"
        );
    }
    assert_not_moved(before, clock_now(&t).await);
    let faults: Value = t
        .http
        .get(t.url("/_sandbox/faults"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(faults["error5xx"], 0.0, "faults unchanged: {faults}");
    // The same write as JSON, from a program, goes through.
    let res = t
        .http
        .post(t.url("/_sandbox/clock/advance"))
        .json(&serde_json::json!({"seconds": 60}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn the_sandbox_does_not_listen_off_loopback() {
    for addr in ["0.0.0.0:0", "[::]:0"] {
        let err = Sandbox::start(SandboxConfig {
            addr: addr.parse().unwrap(),
            ..SandboxConfig::default()
        })
        .await
        .err()
        .unwrap_or_else(|| panic!("{addr} was bound"));
        assert!(err.to_string().contains("loopback"), "{err}");
    }
}
