//! `--state FILE` persistence and the binary's start-up line.

use layers_sandbox::{Sandbox, SandboxConfig};
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[tokio::test]
async fn state_file_keeps_posts_across_restarts() {
    let path = std::env::temp_dir().join(format!("layers-sandbox-{}.json", uuid::Uuid::new_v4()));
    let config = || SandboxConfig {
        publish_delay_ms: 50,
        ..Default::default()
    };
    let sb = Sandbox::start_with_state_file(config(), &path)
        .await
        .expect("start");
    let fx = sb.fixture();
    let key = fx.api_key("owner-verified").expect("key").to_string();
    let http = reqwest::Client::new();
    let r: serde_json::Value = http
        .post(format!("{}/v1/content/{}/publish", sb.url(), fx.container_id("video").expect("c")))
        .bearer_auth(&key)
        .json(&json!({ "targets": [{ "socialAccountId": fx.account_id("tiktok").expect("a"), "mode": "publish" }] }))
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("json");
    let id = r["scheduledPostIds"][0].as_str().expect("id").to_string();
    sb.shutdown().await;
    assert!(path.exists());

    let sb = Sandbox::start_with_state_file(config(), &path)
        .await
        .expect("restart");
    let post: serde_json::Value = http
        .get(format!("{}/v1/scheduled-posts/{id}", sb.url()))
        .bearer_auth(&key)
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("json");
    assert_eq!(post["id"], json!(id));
    assert_eq!(sb.fixture().project_id, fx.project_id);
    sb.shutdown().await;
    let _ = std::fs::remove_file(&path);
}

#[tokio::test]
async fn a_stored_4xx_is_saved_at_once_and_replayed_after_a_crash() {
    let path = std::env::temp_dir().join(format!("layers-sandbox-{}.json", uuid::Uuid::new_v4()));
    let config = || SandboxConfig {
        publish_delay_ms: 50,
        ..Default::default()
    };
    let sb = Sandbox::start_with_state_file(config(), &path)
        .await
        .expect("start");
    let fx = sb.fixture();
    let key = fx.api_key("owner-verified").expect("key").to_string();
    let url = format!(
        "/v1/content/{}/publish",
        fx.container_id("pending-approval").expect("c")
    );
    let body = json!({ "targets": [{ "socialAccountId": fx.account_id("tiktok").expect("a"), "mode": "publish" }] });
    let idem = uuid::Uuid::new_v4().to_string();
    let http = reqwest::Client::new();
    let send = |base: String| {
        http.post(format!("{base}{url}"))
            .bearer_auth(&key)
            .header("Idempotency-Key", &idem)
            .json(&body)
            .send()
    };
    let first = send(sb.url()).await.expect("sent");
    assert_eq!(first.status().as_u16(), 403);
    let first: serde_json::Value = first.json().await.expect("json");
    drop(sb); // no shutdown, so nothing is saved on the way out

    let sb = Sandbox::start_with_state_file(config(), &path)
        .await
        .expect("restart");
    let replay = send(sb.url()).await.expect("sent");
    assert_eq!(replay.status().as_u16(), 403);
    assert_eq!(
        replay
            .headers()
            .get("idempotent-replayed")
            .and_then(|v| v.to_str().ok()),
        Some("true")
    );
    let replay: serde_json::Value = replay.json().await.expect("json");
    assert_eq!(replay, first);
    sb.shutdown().await;
    let _ = std::fs::remove_file(&path);
}

#[tokio::test]
async fn binary_prints_listening_line_and_serves() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_layers-sandbox"))
        .args([
            "--addr",
            "127.0.0.1:0",
            "--tier",
            "pilot",
            "--faults",
            "latency=1",
            "--publish-delay-ms",
            "100",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("line");
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .expect("listening line")
        .to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let r = reqwest::get(format!("{url}/v1/whoami")).await.expect("get");
    assert_eq!(r.status().as_u16(), 401);
    let fx: serde_json::Value = reqwest::get(format!("{url}/_sandbox/fixture"))
        .await
        .expect("fixture")
        .json()
        .await
        .expect("json");
    let key = fx["apiKeys"][0]["key"].as_str().expect("key");
    let who: serde_json::Value = reqwest::Client::new()
        .get(format!("{url}/v1/whoami"))
        .bearer_auth(key)
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("json");
    assert_eq!(who["rateLimitTier"], "pilot");
    let _ = child.kill();
    let _ = child.wait();
}

/// The demo containers' media is served by the sandbox itself, and a state file saved by a
/// run on one port points its media at the next run's port.
#[tokio::test]
async fn demo_media_is_served_and_follows_the_port_across_restarts() {
    let path = std::env::temp_dir().join(format!("layers-sandbox-{}.json", uuid::Uuid::new_v4()));
    let http = reqwest::Client::new();
    let media_urls = |body: serde_json::Value| -> Vec<String> {
        let mut urls = Vec::new();
        for c in body["items"].as_array().expect("items") {
            for a in c["assets"].as_array().into_iter().flatten() {
                urls.extend(a["url"].as_str().map(str::to_string));
                urls.extend(a["thumbnailUrl"].as_str().map(str::to_string));
            }
        }
        urls
    };
    for round in 0..2 {
        let sb = Sandbox::start_with_state_file(SandboxConfig::default(), &path)
            .await
            .expect("start");
        let fx = sb.fixture();
        let key = fx.api_key("owner-verified").expect("key").to_string();
        let list: serde_json::Value = http
            .get(format!(
                "{}/v1/projects/{}/content",
                sb.url(),
                fx.project_id
            ))
            .bearer_auth(&key)
            .send()
            .await
            .expect("sent")
            .json()
            .await
            .expect("json");
        let urls = media_urls(list);
        assert!(urls.len() >= 6, "round {round}: {urls:?}");
        let mut kinds = std::collections::BTreeSet::new();
        for url in &urls {
            assert!(
                url.starts_with(&sb.url()),
                "round {round}: {url} not on {}",
                sb.url()
            );
            let r = http.get(url).send().await.expect("sent");
            assert_eq!(r.status().as_u16(), 200, "{url}");
            let ty = r.headers()["content-type"].to_str().unwrap().to_string();
            let bytes = r.bytes().await.expect("bytes");
            match ty.as_str() {
                "image/png" => assert!(bytes.starts_with(b"\x89PNG"), "{url}"),
                "video/mp4" => assert_eq!(&bytes[4..8], b"ftyp", "{url}"),
                other => panic!("{url}: {other}"),
            }
            kinds.insert(ty);
        }
        assert_eq!(kinds.len(), 2, "pictures and a video: {kinds:?}");
        sb.shutdown().await;
    }
    let _ = std::fs::remove_file(&path);
}
