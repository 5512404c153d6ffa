//! The whole desk against a server that garbles its answers: what the store holds stays
//! true (no plan called rejected that the API took, no cache half replaced).

mod common;
mod fake_server;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::fast_outbox;
use fake_server::{json, FakeServer, Request};
use layers_core::model::PlanState;
use layers_core::secrets::MemoryKeyStore;
use layers_core::Desk;

const CONTAINER: &str = "cnt_1";

/// A minimal, well-behaved Layers API for one project, with one video and two accounts.
fn good_answer(req: &Request) -> fake_server::Reply {
    let path = req.path.as_str();
    match path {
        "/v1/whoami" => json(200, r#"{"organizationId":"org_1","scopes":["*"]}"#),
        "/v1/projects" => json(200, r#"{"items":[{"id":"prj_1","name":"P"}]}"#),
        "/v1/projects/prj_1/content" => json(
            200,
            r#"{"items":[{"id":"cnt_1","status":"completed","approvalStatus":"approved",
                "caption":"hi","preview":{"kind":"video"},"assets":[{"kind":"video","url":"https://cdn.example/v.mp4"}]}]}"#,
        ),
        "/v1/projects/prj_1/social-accounts" => json(
            200,
            r#"{"items":[{"socialAccountId":"sa_1","platform":"tiktok","handle":"a","status":"connected"},
                         {"socialAccountId":"sa_2","platform":"tiktok","handle":"b","status":"connected"}]}"#,
        ),
        "/v1/tiktok-music" => json(200, r#"{"tracks":[]}"#),
        p if p.starts_with("/v1/scheduled-posts/") => {
            let id = p.trim_start_matches("/v1/scheduled-posts/");
            json(
                200,
                &format!(
                    r#"{{"id":"{id}","status":"published","externalUrl":"https://tiktok.example/{id}"}}"#
                ),
            )
        }
        _ => json(
            404,
            r#"{"error":{"code":"NOT_FOUND","message":"no such route"}}"#,
        ),
    }
}

async fn connected(server: &FakeServer) -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), fast_outbox()).unwrap();
    desk.connect(
        &server.url,
        "lp_test_fake",
        true,
        None,
        &MemoryKeyStore::default(),
    )
    .await
    .unwrap();
    (dir, desk)
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unreadable_2xx_to_a_publish_is_followed_not_rejected() {
    let server = FakeServer::start(|req| {
        if req.method == "POST" && req.path == "/v1/content/cnt_1/publish" {
            // The API took it; the answer was cut mid-way.
            json(200, r#"{"scheduledPostIds":["sp_"#)
        } else {
            good_answer(req)
        }
    })
    .await;
    let (_dir, desk) = connected(&server).await;
    let plan = desk.publish_now(CONTAINER, &["sa_1".to_string()]).unwrap();

    let started = Instant::now();
    let done = loop {
        let p = desk
            .plans()
            .unwrap()
            .into_iter()
            .find(|p| p.id == plan.id)
            .unwrap();
        if p.state == PlanState::Done {
            break p;
        }
        assert!(
            !matches!(p.state, PlanState::Rejected),
            "a plan the API took was called rejected: {p:?}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "stuck at {p:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(
        server.hits("POST", "/v1/content/cnt_1/publish"),
        1,
        "sent once"
    );
    assert_eq!(
        done.targets[0].remote_status.as_ref().map(|s| s.as_str()),
        Some("published")
    );
    let timeline = desk.timeline(&plan.id).unwrap();
    assert!(
        timeline
            .iter()
            .any(|e| e.detail.contains("answer was unreadable")),
        "{timeline:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_garbled_list_item_is_skipped_the_rest_is_read_and_nothing_known_is_dropped() {
    let garble = Arc::new(AtomicBool::new(false));
    let g = garble.clone();
    let server = FakeServer::start(move |req| {
        if g.load(Ordering::Relaxed) && req.path == "/v1/projects/prj_1/social-accounts" {
            // The first account reads; the second has a wrongly typed field.
            json(
                200,
                r#"{"items":[{"socialAccountId":"sa_9","platform":"tiktok","handle":"new","status":"connected"},
                             {"socialAccountId":"sa_2","platform":7,"status":"connected"}]}"#,
            )
        } else if g.load(Ordering::Relaxed) && req.path == "/v1/projects/prj_1/content" {
            json(200, r#"{"items":[]}"#)
        } else {
            good_answer(req)
        }
    })
    .await;
    let (_dir, desk) = connected(&server).await;
    let accounts_before = desk.accounts().unwrap();
    assert_eq!(accounts_before.len(), 2);

    garble.store(true, Ordering::Relaxed);
    desk.refresh().await.unwrap();
    let ids: Vec<String> = desk
        .accounts()
        .unwrap()
        .into_iter()
        .map(|a| a.social_account_id)
        .collect();
    assert!(
        ids.contains(&"sa_9".to_string()),
        "the readable item is read: {ids:?}"
    );
    for known in &accounts_before {
        assert!(
            ids.contains(&known.social_account_id),
            "{} is kept while an item cannot be read: {ids:?}",
            known.social_account_id
        );
    }
    let note = desk.status().unwrap().last_sync_error.unwrap_or_default();
    assert!(note.contains("items[1].platform"), "{note}");
}
