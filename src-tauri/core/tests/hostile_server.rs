//! The API client against a server that answers anything: every bad answer becomes a clear,
//! typed error (or a tolerant read), never a panic and never a wait past the timeout.

mod fake_server;

use std::time::{Duration, Instant};

use fake_server::{head, json, with_length, FakeServer, Reply};
use layers_core::api::{parse_base_url, ApiError, ApiKey, Client, MAX_BODY_BYTES};

fn client(server: &FakeServer) -> Client {
    Client::new(
        parse_base_url(&server.url).unwrap(),
        ApiKey::parse("lp_test_hostile").unwrap(),
    )
}

async fn answered(reply: impl Fn() -> Reply + Send + Sync + 'static) -> FakeServer {
    FakeServer::start(move |_| reply()).await
}

fn decode_message(e: ApiError) -> String {
    match e {
        ApiError::Decode { message, .. } => message,
        other => panic!("expected an unreadable-response error, got {other:?}"),
    }
}

#[tokio::test]
async fn truncated_json_is_an_unreadable_response_not_a_panic() {
    let s = answered(|| json(200, r#"{"organizationId":"org_1","scop"#)).await;
    let e = client(&s).whoami().await.unwrap_err();
    assert!(!e.is_retryable());
    assert_eq!(e.code(), "BAD_RESPONSE");
    assert!(decode_message(e).contains("EOF"));
}

#[tokio::test]
async fn a_body_cut_short_of_its_length_is_a_network_error_worth_retrying() {
    // Content-Length promises 200 bytes; the connection closes after 20.
    let s = answered(|| {
        let mut bytes = head(200, "Content-Length: 200\r\n");
        bytes.extend_from_slice(br#"{"organizationId":"#);
        Reply::Raw(bytes)
    })
    .await;
    let e = client(&s).whoami().await.unwrap_err();
    assert!(matches!(e, ApiError::Transport { .. }), "{e:?}");
    assert!(e.is_retryable());
}

#[tokio::test]
async fn html_instead_of_json() {
    let ok = answered(|| json(200, "<html><body>maintenance</body></html>")).await;
    let e = client(&ok).projects().await.unwrap_err();
    assert_eq!(e.code(), "BAD_RESPONSE");

    let gateway = answered(|| json(502, "<html>bad gateway</html>")).await;
    let e = client(&gateway).projects().await.unwrap_err();
    assert_eq!(e.code(), "SERVER_ERROR");
    assert!(e.is_retryable());
    assert_eq!(e.request_id(), Some("req_fake"));
}

#[tokio::test]
async fn a_wrongly_typed_field_is_named_in_the_error() {
    let s = answered(|| json(200, r#"{"organizationId": 42, "scopes": ["*"]}"#)).await;
    let message = decode_message(client(&s).whoami().await.unwrap_err());
    assert!(message.contains("organizationId"), "{message}");
    assert!(message.contains("invalid type"), "{message}");

    let s = answered(|| {
        json(
            200,
            r#"{"items":[{"socialAccountId":"sa_1","platform":"tiktok","status":"connected","leased":"yes"}]}"#,
        )
    })
    .await;
    // In a list, the item is left out and the field named, so the other items still count.
    let listed = client(&s).accounts("prj_1").await.unwrap();
    assert!(listed.items.is_empty());
    assert_eq!(listed.skipped.len(), 1);
    assert!(
        listed.skipped[0].contains("items[0].leased"),
        "{:?}",
        listed.skipped
    );
}

#[tokio::test]
async fn a_missing_required_field_is_named_in_the_error() {
    let s = answered(|| json(200, r#"{"id":"sp_1","externalUrl":null}"#)).await;
    let message = decode_message(client(&s).scheduled_post("sp_1").await.unwrap_err());
    assert!(message.contains("missing field `status`"), "{message}");
}

#[tokio::test]
async fn unknown_statuses_and_extra_fields_are_read_as_they_are() {
    let s = answered(|| {
        json(
            200,
            r#"{"id":"sp_1","status":"quarantined_for_review","newField":{"x":[1,2]},
                "lastError":{"code":"FUTURE_CODE","message":"<b>bold</b>","extra":true}}"#,
        )
    })
    .await;
    let post = client(&s).scheduled_post("sp_1").await.unwrap();
    assert_eq!(post.status, "quarantined_for_review");
    assert_eq!(
        post.last_error.unwrap().describe(),
        "FUTURE_CODE: <b>bold</b>"
    );
}

#[tokio::test]
async fn json_followed_by_garbage_is_refused() {
    let s = answered(|| json(200, r#"{"organizationId":"org_1"} trailing"#)).await;
    let message = decode_message(client(&s).whoami().await.unwrap_err());
    assert!(message.contains("trailing characters"), "{message}");
}

#[tokio::test]
async fn an_oversized_answer_is_refused_by_its_length_without_reading_it() {
    let s = answered(|| {
        let mut bytes = head(200, &format!("Content-Length: {}\r\n", MAX_BODY_BYTES + 1));
        bytes.extend_from_slice(b"{\"items\":[");
        Reply::Raw(bytes)
    })
    .await;
    let message = decode_message(client(&s).projects().await.unwrap_err());
    assert!(message.contains("larger than 8 MiB"), "{message}");
}

#[tokio::test]
async fn an_oversized_answer_without_a_length_is_cut_off_at_the_cap() {
    // No Content-Length: the body runs until the connection closes.
    let s = answered(|| {
        let mut bytes = head(200, "");
        bytes.extend(std::iter::repeat_n(b' ', MAX_BODY_BYTES + 4096));
        Reply::Raw(bytes)
    })
    .await;
    let message = decode_message(client(&s).whoami().await.unwrap_err());
    assert!(message.contains("larger than"), "{message}");
}

#[tokio::test]
async fn an_oversized_error_answer_keeps_its_status_meaning() {
    let s = answered(|| {
        let body = vec![b'x'; MAX_BODY_BYTES + 1];
        Reply::Raw(with_length(503, &body))
    })
    .await;
    let e = client(&s).whoami().await.unwrap_err();
    assert_eq!(e.code(), "SERVER_ERROR");
    assert!(e.is_retryable());
}

#[tokio::test]
async fn error_bodies_of_any_shape_still_give_a_coded_error() {
    for (status, body, code) in [
        (422, r#"{"error":"just a string"}"#, "VALIDATION"),
        (401, r#"{"error":{"code":7}}"#, "UNAUTHENTICATED"),
        (403, "[]", "FORBIDDEN"),
        (404, "", "NOT_FOUND"),
        (409, "\u{0}\u{1}binary", "CONFLICT"),
        (418, "null", "HTTP_ERROR"),
    ] {
        let s = answered(move || json(status, body)).await;
        let e = client(&s).container("cnt_1").await.unwrap_err();
        assert_eq!(e.code(), code, "{status} {body:?}");
        assert!(e.message().contains(&status.to_string()), "{e:?}");
    }
}

#[tokio::test]
async fn a_drip_fed_answer_fails_at_the_timeout() {
    let s = answered(|| {
        let body = br#"{"organizationId":"org_1","scopes":["*"]}"#.to_vec();
        Reply::Drip {
            head: head(200, &format!("Content-Length: {}\r\n", body.len())),
            body,
            every: Duration::from_millis(150),
        }
    })
    .await;
    let started = Instant::now();
    let e = client(&s)
        .with_timeout(Duration::from_secs(1))
        .whoami()
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    assert!(e.message().contains("timed out"), "{e:?}");
    assert!(e.is_retryable());
}

#[tokio::test]
async fn a_server_that_never_answers_fails_at_the_timeout() {
    let s = answered(|| Reply::Silent).await;
    let started = Instant::now();
    // A mutation: the outcome is unknown, so it must come back as retryable, not failed.
    let e = client(&s)
        .with_timeout(Duration::from_millis(500))
        .submit(
            layers_core::model::PlanAction::Publish,
            "cnt_1",
            "key-1",
            b"{\"targets\":[]}",
        )
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(matches!(e, ApiError::Transport { .. }), "{e:?}");
    assert!(e.message().contains("timed out"));
}
