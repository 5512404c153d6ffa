//! The PostEverywhere emulator as a client meets it: envelope, accounts with health, media,
//! a post's destinations over time, retry, delete, the rate-limit headers and the readings.

use layers_sandbox::pe::{PeConfig, PeLimits, PeReading, PeReadings, PeSandbox, PE_SANDBOX_KEY};
use serde_json::{json, Value};

async fn start(config: PeConfig) -> (PeSandbox, reqwest::Client) {
    (
        PeSandbox::start(config).await.unwrap(),
        reqwest::Client::new(),
    )
}

async fn call(
    http: &reqwest::Client,
    sb: &PeSandbox,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value, reqwest::header::HeaderMap) {
    let mut req = http
        .request(method, format!("{}{path}", sb.url()))
        .bearer_auth(PE_SANDBOX_KEY);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    (status, resp.json().await.unwrap(), headers)
}

#[tokio::test]
async fn a_post_fans_out_publishes_fails_once_and_is_retried() {
    let (sb, http) = start(PeConfig {
        publish_delay_ms: 100,
        ..PeConfig::default()
    })
    .await;
    let (s, accounts, h) = call(&http, &sb, reqwest::Method::GET, "/accounts", None).await;
    assert_eq!(s, 200);
    assert!(h.contains_key("x-ratelimit-remaining"));
    let list = accounts["data"]["accounts"].as_array().unwrap();
    let threads = list.iter().find(|a| a["platform"] == "threads").unwrap();
    assert_eq!(threads["health"]["can_post"], false);

    // The X archive account fails a post's first try.
    let body = json!({"content": "Launch day", "account_ids": [2281, 2287]});
    let (s, created, _) = call(&http, &sb, reqwest::Method::POST, "/posts", Some(body)).await;
    assert_eq!(s, 201, "{created}");
    assert_eq!(created["data"]["status"], "publishing");
    let id = created["data"]["post_id"].as_str().unwrap().to_string();
    tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    let path = format!("/posts/{id}/results");
    let (_, results, _) = call(&http, &sb, reqwest::Method::GET, &path, None).await;
    let statuses: Vec<&str> = results["data"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["published", "failed"]);
    let retry = format!("/posts/{id}/retry");
    let (_, r, _) = call(
        &http,
        &sb,
        reqwest::Method::POST,
        &retry,
        Some(json!({"account_ids": [2287]})),
    )
    .await;
    assert_eq!(r["data"]["retried_count"], 1);
    tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    let (_, results, _) = call(&http, &sb, reqwest::Method::GET, &path, None).await;
    assert_eq!(results["data"]["results"][1]["status"], "published");
    assert_eq!(results["data"]["results"][1]["attempts"], 2);
    // Too late to delete.
    let (s, e, _) = call(
        &http,
        &sb,
        reqwest::Method::DELETE,
        &format!("/posts/{id}"),
        None,
    )
    .await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (409, Some("post_already_published"))
    );
}

#[tokio::test]
async fn the_network_rules_and_misnamed_fields_are_refused_as_400() {
    let (sb, http) = start(PeConfig::default()).await;
    let cases = [
        (
            json!({"content": "x", "account_ids": [2280]}),
            "validation_error",
        ),
        (
            json!({"content": "x".repeat(281), "account_ids": [2281]}),
            "validation_error",
        ),
        (
            json!({"content": "x", "account_ids": [2286]}),
            "validation_error",
        ),
        (
            json!({"content": "x", "account_ids": [2281], "media": ["m"]}),
            "invalid_field_name",
        ),
        (json!({"account_ids": [2281]}), "validation_error"),
    ];
    for (body, code) in cases {
        let (s, e, _) = call(
            &http,
            &sb,
            reqwest::Method::POST,
            "/posts",
            Some(body.clone()),
        )
        .await;
        assert_eq!(
            (s, e["error"]["code"].as_str()),
            (400, Some(code)),
            "{body}"
        );
        assert!(e["data"].is_null() && e["meta"]["request_id"].is_string());
    }
    let ok = json!({"content": "x", "account_ids": [2280],
        "platform_content": {"youtube": {"settings": {"title": "A title"}}}});
    let (s, _, _) = call(&http, &sb, reqwest::Method::POST, "/posts", Some(ok)).await;
    assert_eq!(s, 201);
    assert_eq!(sb.ledger()["posts"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn create_post_has_its_own_tighter_window() {
    let (sb, http) = start(PeConfig {
        limits: PeLimits {
            all: [10, 100, 1000],
            create_post: [2, 100, 1000],
        },
        ..PeConfig::default()
    })
    .await;
    let body = json!({"content": "x", "account_ids": [2281]});
    for _ in 0..2 {
        let (s, _, _) = call(
            &http,
            &sb,
            reqwest::Method::POST,
            "/posts",
            Some(body.clone()),
        )
        .await;
        assert_eq!(s, 201);
    }
    let (s, e, h) = call(&http, &sb, reqwest::Method::POST, "/posts", Some(body)).await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (429, Some("rate_limited"))
    );
    assert_eq!(h["x-ratelimit-remaining"], "0");
    assert!(h["retry-after"].to_str().unwrap().parse::<u64>().unwrap() >= 59);
    let (s, _, _) = call(&http, &sb, reqwest::Method::GET, "/posts", None).await;
    assert_eq!(s, 200, "reads keep their own room");
}

#[tokio::test]
async fn each_schedule_field_reading_reads_its_own_field() {
    let at = (chrono::Utc::now() + chrono::Duration::hours(2)).to_rfc3339();
    for (reading, field, scheduled) in [
        (PeReading::ScheduledAtOnly, "scheduled_for", false),
        (PeReading::ScheduledAtOnly, "scheduled_at", true),
        (PeReading::ScheduledForOnly, "scheduled_at", false),
        (PeReading::ScheduledForOnly, "scheduled_for", true),
    ] {
        let (sb, http) = start(PeConfig {
            readings: PeReadings::of(&[reading]),
            ..PeConfig::default()
        })
        .await;
        let body = json!({"content": "x", "account_ids": [2281], field: at});
        let (_, r, _) = call(&http, &sb, reqwest::Method::POST, "/posts", Some(body)).await;
        assert_eq!(
            r["data"]["status"] == "scheduled",
            scheduled,
            "{reading:?} {field}"
        );
    }
}

#[tokio::test]
async fn media_is_reserved_put_and_completed_before_a_post_may_name_it() {
    let (sb, http) = start(PeConfig::default()).await;
    let bytes = vec![7u8; 1000];
    let (_, r, _) = call(
        &http,
        &sb,
        reqwest::Method::POST,
        "/media/upload",
        Some(json!({"filename": "a.mp4", "content_type": "video/mp4", "size": 1000})),
    )
    .await;
    let id = r["data"]["media_id"].as_str().unwrap().to_string();
    let url = r["data"]["upload_url"].as_str().unwrap().to_string();
    let post = json!({"content": "x", "account_ids": [2281], "media_ids": [id]});
    let (s, _, _) = call(
        &http,
        &sb,
        reqwest::Method::POST,
        "/posts",
        Some(post.clone()),
    )
    .await;
    assert_eq!(s, 400, "not completed yet");
    let (s, _, _) = call(
        &http,
        &sb,
        reqwest::Method::POST,
        &format!("/media/{id}/complete"),
        None,
    )
    .await;
    assert_eq!(s, 400, "no bytes yet");
    let put = http
        .put(url)
        .header("content-type", "video/mp4")
        .body(bytes)
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 200);
    let (s, m, _) = call(
        &http,
        &sb,
        reqwest::Method::POST,
        &format!("/media/{id}/complete"),
        None,
    )
    .await;
    assert_eq!(
        (s, m["data"]["media_ids"][0].as_str()),
        (200, Some(id.as_str()))
    );
    let (s, _, _) = call(&http, &sb, reqwest::Method::POST, "/posts", Some(post)).await;
    assert_eq!(s, 201);
}
