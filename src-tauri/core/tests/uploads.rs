//! Uploads against the sandbox: queued before any byte leaves, checked before that, sent
//! through faults and a killed process, and judged by the sandbox's upload ledger (each
//! reservation once, each container once, completed).

mod common;

use std::time::{Duration, Instant};

use common::uploads::{ledger, mp4, png, wait_uploads, PNG};
use common::{connect, connected_desk, fast_outbox, wait_plan, Running};
use layers_core::media_rules::Grouping;
use layers_core::model::{PlanState, UploadState, UploadView};
use layers_core::{Desk, DeskError, UploadBatch};
use layers_sandbox::{Faults, SandboxConfig};
use serde_json::Value;

/// Every upload made its containers once: as many reservations as uploads, the containers
/// they name completed, no other uploaded container.
async fn assert_once(r: &Running, views: &[UploadView]) {
    let ledger = ledger(r).await;
    assert_eq!(
        ledger["reservations"].as_u64().unwrap(),
        views.len() as u64,
        "one reservation per upload: {ledger:#}"
    );
    let ours: Vec<&String> = views.iter().flat_map(|u| &u.container_ids).collect();
    let theirs: Vec<&Value> = ledger["containers"].as_array().unwrap().iter().collect();
    assert_eq!(theirs.len(), ours.len(), "{ledger:#}");
    for c in theirs {
        assert!(
            ours.contains(&&c["id"].as_str().unwrap().to_string()),
            "{c}"
        );
        assert_eq!(c["status"], "completed", "{c}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_video_and_three_photos_make_two_containers_publishable_at_once() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), true).await;
    let files = tempfile::tempdir().unwrap();
    let ids = desk
        .queue_uploads(
            &[
                UploadBatch {
                    files: vec![mp4(files.path(), "clip.mp4", 300_000)],
                    grouping: Grouping::PerFile,
                },
                UploadBatch {
                    files: vec![
                        png(files.path(), "a.png"),
                        png(files.path(), "b.png"),
                        png(files.path(), "c.png"),
                    ],
                    grouping: Grouping::Slideshow,
                },
            ],
            "launch day",
        )
        .unwrap();
    let views = wait_uploads(&desk, &ids, Duration::from_secs(30)).await;
    assert!(
        views.iter().all(|u| u.state == UploadState::Done),
        "{views:#?}"
    );
    assert_eq!(
        views[1].container_ids.len(),
        1,
        "a slideshow is one container"
    );
    assert!(views[1]
        .files
        .iter()
        .all(|f| f.sent && f.sent_bytes == f.size_bytes));
    assert_once(&r, &views).await;
    assert_eq!(desk.status().unwrap().waiting_uploads, 0);

    // In the cache at once, completed, and publishable by the same path as any container.
    let containers = desk.containers().unwrap();
    for u in &views {
        let c = containers
            .iter()
            .find(|c| c.id == u.container_ids[0])
            .expect("the new container is cached");
        assert_eq!(c.caption.as_deref(), Some("launch day"));
    }
    let plan = desk
        .publish_now(&views[0].container_ids[0], &[r.account("tiktok")])
        .unwrap();
    wait_plan(&desk, &plan.id, "done", |p| p.state == PlanState::Done).await;

    // Its media comes through the local cache (the sandbox serves what was uploaded).
    let slideshow = containers
        .iter()
        .find(|c| c.id == views[1].container_ids[0])
        .unwrap();
    let thumb = slideshow
        .thumbnail_url
        .clone()
        .expect("a slideshow has a thumbnail");
    let media = desk.media(&thumb).await.unwrap();
    assert_eq!(media.content_type, "image/png");
    assert_eq!(std::fs::read(&media.path).unwrap(), PNG);
    // A URL no cached container names is not fetched.
    assert!(desk.media(&format!("{thumb}x")).await.is_err());

    // Its caption can be fixed afterwards.
    let fixed = desk
        .edit_caption(&views[0].container_ids[0], "launch day, take two")
        .await
        .unwrap();
    assert_eq!(fixed.caption.as_deref(), Some("launch day, take two"));
}

#[tokio::test(flavor = "multi_thread")]
async fn refused_files_name_their_rule_and_nothing_leaves() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), true).await;
    let files = tempfile::tempdir().unwrap();
    let disguised = files.path().join("holiday.mp4");
    std::fs::write(&disguised, PNG).unwrap();
    let err = desk
        .queue_uploads(
            &[
                UploadBatch {
                    files: vec![png(files.path(), "ok.png")],
                    grouping: Grouping::PerFile,
                },
                UploadBatch {
                    files: vec![
                        png(files.path(), "x.png"),
                        mp4(files.path(), "v.mp4", 100),
                        disguised,
                    ],
                    grouping: Grouping::Slideshow,
                },
            ],
            &"c".repeat(2201),
        )
        .unwrap_err();
    let DeskError::Rules(issues) = err else {
        panic!("{err:?}")
    };
    let found: Vec<(&str, &str)> = issues
        .iter()
        .map(|i| (i.path.as_str(), i.code.as_str()))
        .collect();
    assert!(
        found.contains(&("caption", "CAPTION_TOO_LONG")),
        "{found:?}"
    );
    assert!(found.contains(&("files[3]", "FILE_DISGUISED")), "{found:?}");
    assert!(
        issues
            .iter()
            .any(|i| i.message.starts_with("holiday.mp4: ")),
        "the message names the file: {issues:?}"
    );
    // With every file readable, the grouping rule speaks (numbered across the pick).
    let err = desk
        .queue_uploads(
            &[UploadBatch {
                files: vec![png(files.path(), "x.png"), mp4(files.path(), "v.mp4", 100)],
                grouping: Grouping::Slideshow,
            }],
            "",
        )
        .unwrap_err();
    let DeskError::Rules(issues) = err else {
        panic!("{err:?}")
    };
    assert_eq!(issues[0].path, "files[1]");
    assert_eq!(issues[0].code, "SLIDESHOW_VIDEO");
    assert!(desk.uploads().unwrap().is_empty(), "nothing was queued");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(ledger(&r).await["reservations"], 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn cut_bodies_dropped_answers_and_errors_still_make_each_container_once() {
    let r = Running::with(SandboxConfig {
        publish_delay_ms: 20,
        ..SandboxConfig::default()
    })
    .await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), true).await;
    r.set_faults(&Faults {
        cut_upload: 0.4,
        drop_after: 0.25,
        drop_before: 0.1,
        error_5xx: 0.1,
        ..Faults::default()
    })
    .await;
    let files = tempfile::tempdir().unwrap();
    let mut ids = Vec::new();
    for i in 0..8 {
        let batch = if i % 2 == 0 {
            UploadBatch {
                files: vec![mp4(files.path(), &format!("v{i}.mp4"), 200_000)],
                grouping: Grouping::PerFile,
            }
        } else {
            UploadBatch {
                files: vec![
                    png(files.path(), &format!("p{i}a.png")),
                    png(files.path(), &format!("p{i}b.png")),
                ],
                grouping: Grouping::Slideshow,
            }
        };
        ids.extend(desk.queue_uploads(&[batch], &format!("take {i}")).unwrap());
    }
    let views = wait_uploads(&desk, &ids, Duration::from_secs(120)).await;
    assert!(
        views.iter().all(|u| u.state == UploadState::Done),
        "{views:#?}"
    );
    assert!(
        views.iter().any(|u| u.attempts > 1),
        "the faults struck at least once"
    );
    r.set_faults(&Faults::default()).await;
    assert_once(&r, &views).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_process_killed_mid_put_resumes_without_a_second_container() {
    let r = Running::start(20).await;
    let dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let video = mp4(files.path(), "long.mp4", 8_000_000);
    let id = {
        let desk = Desk::open(dir.path(), fast_outbox()).unwrap();
        connect(&desk, &r, "owner-verified").await;
        // Every request waits, so the process dies with the PUT in flight.
        r.set_faults(&Faults {
            latency_ms: 400,
            ..Faults::default()
        })
        .await;
        let id = desk
            .queue_uploads(
                &[UploadBatch {
                    files: vec![video.clone()],
                    grouping: Grouping::PerFile,
                }],
                "resumed",
            )
            .unwrap()
            .remove(0);
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let u = desk.upload(&id).unwrap();
            if !u.container_ids.is_empty() && u.state == UploadState::Sending {
                break;
            }
            assert!(Instant::now() < deadline, "never reserved: {u:#?}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        id
        // The desk drops here: its outbox is aborted mid-PUT, as a kill would.
    };
    assert_eq!(ledger(&r).await["puts"], 0, "the PUT had not finished");
    r.set_faults(&Faults::default()).await;
    let desk = Desk::open(dir.path(), fast_outbox()).unwrap();
    connect(&desk, &r, "owner-verified").await;
    let views = wait_uploads(&desk, &[id], Duration::from_secs(30)).await;
    assert_eq!(views[0].state, UploadState::Done, "{views:#?}");
    assert_once(&r, &views).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn offline_uploads_wait_and_a_cancel_stops_them() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), false).await;
    let files = tempfile::tempdir().unwrap();
    let ids = desk
        .queue_uploads(
            &[
                UploadBatch {
                    files: vec![png(files.path(), "keep.png")],
                    grouping: Grouping::PerFile,
                },
                UploadBatch {
                    files: vec![png(files.path(), "stop.png")],
                    grouping: Grouping::PerFile,
                },
            ],
            "",
        )
        .unwrap();
    // Not sending (as offline): queued, nothing on the server.
    assert_eq!(desk.status().unwrap().waiting_uploads, 2);
    assert_eq!(desk.upload(&ids[0]).unwrap().state, UploadState::Queued);
    let stopped = desk.cancel_upload(&ids[1]).unwrap();
    assert_eq!(stopped.state, UploadState::Canceled);
    assert!(matches!(
        desk.cancel_upload(&ids[1]),
        Err(DeskError::Conflict(_))
    ));
    desk.start_sending().unwrap();
    let views = wait_uploads(&desk, &ids[..1], Duration::from_secs(30)).await;
    assert_eq!(views[0].state, UploadState::Done);
    assert_eq!(desk.upload(&ids[1]).unwrap().state, UploadState::Canceled);
    assert_once(&r, &views).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn stop_during_the_put_ends_it_and_nothing_is_completed() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), true).await;
    // Every request waits, so Stop lands with the PUT in flight.
    r.set_faults(&Faults {
        latency_ms: 600,
        ..Faults::default()
    })
    .await;
    let files = tempfile::tempdir().unwrap();
    let id = desk
        .queue_uploads(
            &[UploadBatch {
                files: vec![mp4(files.path(), "stop.mp4", 8_000_000)],
                grouping: Grouping::PerFile,
            }],
            "",
        )
        .unwrap()
        .remove(0);
    let deadline = Instant::now() + Duration::from_secs(20);
    while desk.upload(&id).unwrap().container_ids.is_empty() {
        assert!(Instant::now() < deadline, "never reserved");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        desk.cancel_upload(&id).unwrap().state,
        UploadState::Canceled
    );
    r.set_faults(&Faults::default()).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(desk.upload(&id).unwrap().state, UploadState::Canceled);
    let ledger = ledger(&r).await;
    assert_eq!(
        ledger["puts"], 0,
        "the stopped PUT was not kept: {ledger:#}"
    );
    assert!(
        ledger["containers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["status"] != "completed"),
        "a stopped upload is never finalized: {ledger:#}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn media_already_online_makes_one_container_even_when_asked_twice() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), false).await;
    let urls = vec![
        "https://cdn.example/a.jpg".to_string(),
        "https://cdn.example/b.jpg".to_string(),
    ];
    let first = desk.import_urls(&urls, "from the web").await.unwrap();
    let again = desk.import_urls(&urls, "from the web").await.unwrap();
    assert_eq!(first.id, again.id, "the second click replays the first");
    assert_eq!(first.caption.as_deref(), Some("from the web"));
    assert!(desk.containers().unwrap().iter().any(|c| c.id == first.id));
    let err = desk
        .import_urls(
            &[
                "https://cdn.example/a.jpg".into(),
                "http://cdn.example/b.jpg".into(),
            ],
            "",
        )
        .await
        .unwrap_err();
    let DeskError::Rules(issues) = err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (issues[0].path.as_str(), issues[0].code.as_str()),
        ("urls[1]", "URL_NOT_HTTPS")
    );
}

/// Where a key replays a stored 5xx (`--reading replays-failures`), the same key would fail
/// for ever: after three failed tries the reservation moves to a new key, and once the server
/// answers again the upload ends done, with one completed container.
#[tokio::test(flavor = "multi_thread")]
async fn a_reservation_whose_key_replays_a_5xx_moves_to_a_new_key() {
    use layers_sandbox::{Reading, Readings};
    let r = Running::with(SandboxConfig {
        publish_delay_ms: 20,
        readings: Readings::of(&[Reading::ReplaysFailures]),
        ..SandboxConfig::default()
    })
    .await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), true).await;
    r.set_faults(&Faults {
        error_5xx: 1.0,
        ..Faults::default()
    })
    .await;
    let files = tempfile::tempdir().unwrap();
    let ids = desk
        .queue_uploads(
            &[UploadBatch {
                files: vec![png(files.path(), "a.png")],
                grouping: Grouping::PerFile,
            }],
            "replayed",
        )
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    // Past the run of 5xx after which the key changes.
    while desk.upload(&ids[0]).unwrap().attempts < 7 {
        assert!(
            Instant::now() < deadline,
            "{:#?}",
            desk.upload(&ids[0]).unwrap()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    r.set_faults(&Faults::default()).await;
    let views = wait_uploads(&desk, &ids, Duration::from_secs(30)).await;
    assert_eq!(views[0].state, UploadState::Done, "{views:#?}");
    let ledger = ledger(&r).await;
    let completed: Vec<&Value> = ledger["containers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "completed")
        .collect();
    assert_eq!(completed.len(), 1, "{ledger:#}");
    assert_eq!(completed[0]["id"], views[0].container_ids[0].as_str());
}
