//! `layers-desk-cli upload` against the sandbox: ids printed, bad files refused with exit 2
//! before anything opens, and an upload killed mid-PUT finished by `sync` with one container.

mod support;

use std::process::Stdio;
use std::time::{Duration, Instant};

use layers_sandbox::Faults;
use serde_json::Value;
use support::World;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0";

/// The files a test uploads.
struct Files(tempfile::TempDir);

impl Files {
    fn new() -> Files {
        Files(tempfile::tempdir().unwrap())
    }

    fn file(&self, name: &str, bytes: &[u8]) -> String {
        let p = self.0.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_string_lossy().into_owned()
    }

    fn video(&self, name: &str, size: usize) -> String {
        let mut bytes = b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom".to_vec();
        bytes.resize(size, 7);
        self.file(name, &bytes)
    }
}

async fn ledger(w: &World) -> Value {
    reqwest::get(format!("{}/_sandbox/uploads", w.sandbox.url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn set_faults(w: &World, faults: &Faults) {
    reqwest::Client::new()
        .post(format!("{}/_sandbox/faults", w.sandbox.url()))
        .json(faults)
        .send()
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn upload_prints_the_new_containers_and_refuses_bad_files_with_exit_2() {
    let w = World::start().await;
    let f = Files::new();
    let (a, b) = (f.file("a.png", PNG), f.file("b.png", PNG));
    let out = w.run(
        &[
            "upload",
            &a,
            &b,
            "--slideshow",
            "--caption",
            "two",
            "--json",
        ],
        None,
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let printed: Value = serde_json::from_str(&out.stdout).unwrap();
    let ids = printed["containerIds"].as_array().unwrap();
    assert_eq!(ids.len(), 1, "a slideshow is one container: {printed}");
    let out = w.run(&["upload", &a, &f.video("v.mp4", 2000)], None);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stdout.lines().count(), 2, "one id per file");
    assert_eq!(ledger(&w).await["containers"].as_array().unwrap().len(), 3);

    let out = w.run(&["upload", &f.file("clip.mp4", PNG)], None);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains("clip.mp4: its name says video/mp4"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("FILE_DISGUISED"));
    let out = w.run(
        &["upload", &a, &f.video("w.mp4", 2000), "--slideshow"],
        None,
    );
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("SLIDESHOW_VIDEO"), "{}", out.stderr);
    let out = w.run(&["upload", &f.file("empty.png", b"")], None);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("empty.png: the file is empty"));
    assert_eq!(
        ledger(&w).await["reservations"],
        2,
        "refused files never left"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upload_killed_mid_put_is_finished_by_sync_with_one_container() {
    let w = World::start().await;
    let f = Files::new();
    let video = f.video("long.mp4", 6_000_000);
    // Each request waits, so the kill lands with the PUT in flight.
    set_faults(
        &w,
        &Faults {
            latency_ms: 1500,
            ..Faults::default()
        },
    )
    .await;
    let mut child = w
        .cli(&["upload", &video])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while ledger(&w).await["reservations"] == 0 {
        assert!(Instant::now() < deadline, "never reserved");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    child.kill().unwrap(); // SIGKILL mid-PUT: no cleanup of any kind.
    child.wait().unwrap();
    assert_eq!(ledger(&w).await["puts"], 0);
    set_faults(&w, &Faults::default()).await;
    let out = w.run(&["sync", "--until-idle"], None);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let ledger = ledger(&w).await;
    assert_eq!(ledger["reservations"], 1, "{ledger:#}");
    assert_eq!(ledger["puts"], 1, "{ledger:#}");
    let containers = ledger["containers"].as_array().unwrap();
    assert_eq!(containers.len(), 1, "{ledger:#}");
    assert_eq!(containers[0]["status"], "completed");
}
