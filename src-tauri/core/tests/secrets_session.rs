//! The API key is only in the key store: after a full session (connect, refresh, sends under
//! faults, refusals, a wrong key, logs at debug level written to a file), neither the
//! database files (WAL included), nor the log, nor any error shown holds the key.

mod common;

use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::{fast_outbox, Running};
use layers_core::api::parse_base_url;
use layers_core::model::PlanState;
use layers_core::secrets::{KeyStore, MemoryKeyStore};
use layers_core::{Desk, DeskError};
use layers_sandbox::Faults;

/// Every way an error reaches the user or a log: its message, its debug form, its IPC form.
fn shown(e: &DeskError) -> String {
    format!(
        "{e}\n{e:?}\n{}",
        serde_json::to_string(&e.to_ipc()).unwrap()
    )
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn db_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_session_leaves_the_key_nowhere_but_the_key_store() {
    let logs = tempfile::tempdir().unwrap();
    let log_path = logs.path().join("debug.log");
    let log_file = std::fs::File::create(&log_path).unwrap();
    // Debug for every crate in the client's path; the sandbox plays the server, whose
    // logs are not the app's.
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(
            "debug,layers_sandbox=off,axum=off,tower_http=off",
        ))
        .with_ansi(false)
        .with_writer(Mutex::new(log_file))
        .init();

    let r = Running::start(20).await;
    let key = r.key("owner-verified");
    // The part after the prefix is what makes it secret; a leak of half of it still counts.
    let secret = key
        .trim_start_matches("lp_test_")
        .trim_start_matches("lp_live_");
    assert!(
        secret.len() >= 16,
        "a fixture key long enough to search for"
    );
    let wrong_key = "lp_test_wrongsecret0123456789abcdef";

    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), fast_outbox()).unwrap();
    let keys = MemoryKeyStore::default();
    let mut errors: Vec<String> = Vec::new();

    // A wrong key first: refused, and the refusal does not repeat it.
    let e = desk
        .connect(
            &r.sandbox.url(),
            wrong_key,
            false,
            Some(&r.project()),
            &keys,
        )
        .await
        .unwrap_err();
    errors.push(shown(&e));

    // Connected as a real (non-sandbox) login, so the key goes through the key store.
    desk.connect(&r.sandbox.url(), &key, false, Some(&r.project()), &keys)
        .await
        .unwrap();
    assert_eq!(
        keys.load(parse_base_url(&r.sandbox.url()).unwrap().as_str())
            .unwrap()
            .map(|k| k.expose().to_string()),
        Some(key.clone()),
        "the key store is where the key lives"
    );
    desk.refresh().await.unwrap();

    // Sends under every fault the server can throw, and plans the server refuses.
    r.set_faults(&Faults {
        error_5xx: 0.2,
        rate_429: 0.1,
        drop_before: 0.1,
        drop_after: 0.1,
        ..Faults::default()
    })
    .await;
    for _ in 0..6 {
        desk.publish_now(&r.container("video"), &[r.account("tiktok")])
            .unwrap();
    }
    desk.publish_now(&r.container("video"), &[r.account("instagram-personal")])
        .unwrap();
    desk.publish_now(&r.container("no-media"), &[r.account("tiktok")])
        .unwrap();
    match desk.publish_now(&r.container("rejected"), &[r.account("tiktok")]) {
        Err(e) => errors.push(shown(&e)),
        Ok(p) => errors.push(format!("{p:?}")),
    }
    for e in [
        desk.cancel_post("sp_does_not_exist", Some("why"))
            .await
            .err(),
        desk.send_handoff(&r.container("video"), Some("+15555550000"))
            .await
            .err(),
        desk.connect("http://example.com", &key, false, None, &keys)
            .await
            .err(),
    ]
    .into_iter()
    .flatten()
    {
        errors.push(shown(&e));
    }

    let started = Instant::now();
    let plans = loop {
        let plans = desk.plans().unwrap();
        let open = plans.iter().filter(|p| {
            matches!(
                p.state,
                PlanState::Queued | PlanState::Sending | PlanState::Accepted
            )
        });
        if open.count() == 0 {
            break plans;
        }
        assert!(
            started.elapsed() < Duration::from_secs(45),
            "plans still open: {:?}",
            plans.iter().map(|p| p.state).collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(
        plans.iter().any(|p| p.state == PlanState::Done),
        "the session sent something"
    );
    for p in &plans {
        errors.push(format!("{p:?}"));
        for ev in desk.timeline(&p.id).unwrap() {
            errors.push(format!("{ev:?}"));
        }
    }
    errors.push(format!("{:?}", desk.status().unwrap()));
    assert!(errors.len() >= 5);

    // Search while the database is open (WAL and shared memory present), then after.
    let mut searched = 0;
    for (name, bytes) in db_files(dir.path()) {
        searched += 1;
        assert!(!contains(&bytes, secret), "the key is in {name}");
        assert!(
            !contains(&bytes, &wrong_key[8..]),
            "the wrong key is in {name}"
        );
    }
    assert!(searched >= 2, "the database and its WAL were searched");
    assert!(
        db_files(dir.path())
            .iter()
            .any(|(_, b)| contains(b, &r.project())),
        "the search sees what the session wrote (the project id)"
    );
    drop(desk);
    for (name, bytes) in db_files(dir.path()) {
        assert!(
            !contains(&bytes, secret),
            "the key is in {name} after closing"
        );
    }

    let log = std::fs::read(&log_path).unwrap();
    assert!(
        log.len() > 1000,
        "debug logging was captured ({} bytes)",
        log.len()
    );
    assert!(contains(&log, "DEBUG"), "the log is at debug level");
    assert!(!contains(&log, secret), "the key is in the debug log");
    assert!(
        !contains(&log, &wrong_key[8..]),
        "the wrong key is in the debug log"
    );

    for e in &errors {
        assert!(!e.contains(secret), "the key is in an error: {e}");
        assert!(
            !e.contains(&wrong_key[8..]),
            "the wrong key is in an error: {e}"
        );
    }
}
