//! The ways the key (or a queued body) could leave through the API client, each reproduced
//! against loopback servers: a redirect to another server, an https-to-http hop, a server
//! that echoes the key back in its error. Proxies are in `proxy_env.rs` (they are read from
//! the process environment, so they get a test binary of their own).

mod fake_server;

use fake_server::{head, json, FakeServer, Reply};
use layers_core::api::{parse_base_url, ApiKey, Client};
use layers_core::model::PlanAction;

const KEY: &str = "lp_test_leakcheck0000000_s3cr3tS3cr3tS3cr3t";

fn client(url: &str) -> Client {
    Client::new(parse_base_url(url).unwrap(), ApiKey::parse(KEY).unwrap())
}

fn redirect(status: u16, to: &str) -> Reply {
    Reply::Raw(head(
        status,
        &format!("Location: {to}\r\nContent-Length: 0\r\n"),
    ))
}

#[tokio::test]
async fn no_redirect_is_followed_and_the_error_names_where_it_pointed() {
    let elsewhere = FakeServer::start(|_| json(200, r#"{"ok":true}"#)).await;
    for status in [301u16, 302, 303, 307, 308] {
        let target = format!("{}/v1/content/cnt_1/publish?sig=lp_test_a_b", elsewhere.url);
        let to = target.clone();
        let api = FakeServer::start(move |_| redirect(status, &to)).await;
        let err = client(&api.url)
            .submit(PlanAction::Publish, "cnt_1", "key-1", br#"{"targets":[]}"#)
            .await
            .expect_err("a redirect is not a success");
        assert_eq!(err.code(), "REDIRECTED", "{status}: {err:?}");
        assert!(
            !err.is_retryable(),
            "{status}: a redirect is not a passing outage"
        );
        let message = err.message();
        assert!(
            message.contains(&format!("{}/v1/content/cnt_1/publish", elsewhere.url)),
            "{status}: {message}"
        );
        assert!(
            !message.contains("sig="),
            "{status}: the query is left out: {message}"
        );
        assert_eq!(api.requests.lock().unwrap().len(), 1, "{status}: sent once");
    }
    assert!(
        elsewhere.requests.lock().unwrap().is_empty(),
        "the redirect target got neither the key nor the body"
    );
}

#[tokio::test]
async fn a_redirect_to_plain_http_on_the_same_host_and_port_is_not_followed() {
    // The hop reqwest would take with the key still attached: same host and port, so its
    // default policy keeps `Authorization`. Here the "plain" server is the same listener
    // under another path; whatever it is, it must see one request only.
    let api = FakeServer::start(|req| {
        if req.path == "/v1/whoami" {
            let port = req
                .headers
                .lines()
                .find_map(|l| l.strip_prefix("host: ").or(l.strip_prefix("Host: ")))
                .unwrap_or("127.0.0.1")
                .to_string();
            redirect(302, &format!("http://{port}/plain/v1/whoami"))
        } else {
            json(200, r#"{"organizationId":"org_1"}"#)
        }
    })
    .await;
    let err = client(&api.url).whoami().await.unwrap_err();
    assert_eq!(err.code(), "REDIRECTED");
    assert_eq!(api.hits("GET", "/plain/v1/whoami"), 0);
    assert_eq!(api.hits("GET", "/v1/whoami"), 1);
}

#[tokio::test]
async fn a_key_echoed_back_by_the_server_is_redacted_from_the_error() {
    let echo = format!(
        r#"{{"error":{{"code":"UNAUTHENTICATED","message":"key {KEY} is not valid (Authorization: Bearer {KEY})","details":{{"sent":"{KEY}"}}}}}}"#
    );
    let api = FakeServer::start(move |_| json(401, &echo)).await;
    let err = client(&api.url).whoami().await.unwrap_err();
    let ipc = err.to_ipc();
    for text in [
        err.to_string(),
        err.message(),
        format!("{err:?}"),
        serde_json::to_string(&ipc).unwrap(),
    ] {
        assert!(!text.contains("s3cr3t"), "the key is in {text}");
    }
    assert!(err.message().contains("<redacted>"), "{}", err.message());
    assert!(err.message().contains("is not valid"), "the rest is kept");
}

#[tokio::test]
async fn a_key_inside_an_unreadable_success_is_redacted_from_the_error() {
    // serde names the value it could not read: here, the key where a list was expected.
    let body = format!(r#"{{"organizationId":"org_1","scopes":"{KEY}"}}"#);
    let api = FakeServer::start(move |_| json(200, &body)).await;
    let err = client(&api.url).whoami().await.unwrap_err();
    let message = err.message();
    assert!(
        message.contains("scopes"),
        "the field is still named: {message}"
    );
    assert!(message.contains("<redacted>"), "{message}");
    assert!(!format!("{err:?}").contains("s3cr3t"), "{err:?}");
}
