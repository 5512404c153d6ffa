//! `layers-desk-cli upload` against the sandbox: ids printed, bad files refused with exit 2
//! before anything opens, and an upload killed mid-PUT finished by `sync` with one container.

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use layers_sandbox::{Faults, Sandbox, SandboxConfig};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_layers-desk-cli");
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0";

struct World {
    sandbox: Sandbox,
    fixture: Value,
    dir: tempfile::TempDir,
    files: tempfile::TempDir,
}

impl World {
    async fn start() -> World {
        let sandbox = Sandbox::start(SandboxConfig {
            publish_delay_ms: 20,
            ..SandboxConfig::default()
        })
        .await
        .unwrap();
        let fixture = serde_json::to_value(sandbox.fixture()).unwrap();
        World {
            sandbox,
            fixture,
            dir: tempfile::tempdir().unwrap(),
            files: tempfile::tempdir().unwrap(),
        }
    }

    fn cli(&self, args: &[&str]) -> Command {
        let key = self.fixture["apiKeys"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["label"] == "owner-verified")
            .unwrap()["key"]
            .as_str()
            .unwrap()
            .to_string();
        let mut c = Command::new(BIN);
        c.args(args)
            .env("LAYERS_DESK_DATA_DIR", self.dir.path())
            .env("LAYERS_BASE_URL", self.sandbox.url())
            .env("LAYERS_API_KEY", key)
            .env(
                "LAYERS_PROJECT_ID",
                self.fixture["projectId"].as_str().unwrap(),
            )
            .env_remove("LAYERS_DESK_LOG");
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cli(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .unwrap()
    }

    fn file(&self, name: &str, bytes: &[u8]) -> String {
        let p = self.files.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_string_lossy().into_owned()
    }

    fn video(&self, name: &str, size: usize) -> String {
        let mut bytes = b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom".to_vec();
        bytes.resize(size, 7);
        self.file(name, &bytes)
    }

    async fn ledger(&self) -> Value {
        reqwest::get(format!("{}/_sandbox/uploads", self.sandbox.url()))
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    async fn set_faults(&self, faults: &Faults) {
        reqwest::Client::new()
            .post(format!("{}/_sandbox/faults", self.sandbox.url()))
            .json(faults)
            .send()
            .await
            .unwrap();
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn upload_prints_the_new_containers_and_refuses_bad_files_with_exit_2() {
    let w = World::start().await;
    let (a, b) = (w.file("a.png", PNG), w.file("b.png", PNG));
    let out = w.run(&[
        "upload",
        &a,
        &b,
        "--slideshow",
        "--caption",
        "two",
        "--json",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids = printed["containerIds"].as_array().unwrap();
    assert_eq!(ids.len(), 1, "a slideshow is one container: {printed}");
    let out = w.run(&["upload", &a, &w.video("v.mp4", 2000)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).lines().count(), 2, "one id per file");
    let ledger = w.ledger().await;
    assert_eq!(ledger["containers"].as_array().unwrap().len(), 3);

    let disguised = w.file("clip.mp4", PNG);
    let out = w.run(&["upload", &disguised]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("clip.mp4: its name says video/mp4"),
        "{}",
        text(&out.stderr)
    );
    assert!(text(&out.stderr).contains("FILE_DISGUISED"));
    let out = w.run(&["upload", &a, &w.video("w.mp4", 2000), "--slideshow"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("SLIDESHOW_VIDEO"),
        "{}",
        text(&out.stderr)
    );
    let out = w.run(&["upload", &w.file("empty.png", b"")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("empty.png: the file is empty"));
    assert_eq!(
        w.ledger().await["reservations"],
        2,
        "refused files never left"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upload_killed_mid_put_is_finished_by_sync_with_one_container() {
    let w = World::start().await;
    let video = w.video("long.mp4", 6_000_000);
    // Each request waits, so the kill lands with the PUT in flight.
    w.set_faults(&Faults {
        latency_ms: 1500,
        ..Faults::default()
    })
    .await;
    let mut child = w
        .cli(&["upload", &video])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while w.ledger().await["reservations"] == 0 {
        assert!(Instant::now() < deadline, "never reserved");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    child.kill().unwrap(); // SIGKILL mid-PUT: no cleanup of any kind.
    child.wait().unwrap();
    assert_eq!(w.ledger().await["puts"], 0);
    w.set_faults(&Faults::default()).await;
    let out = w.run(&["sync", "--until-idle"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let ledger = w.ledger().await;
    assert_eq!(ledger["reservations"], 1, "{ledger:#}");
    assert_eq!(ledger["puts"], 1, "{ledger:#}");
    let containers = ledger["containers"].as_array().unwrap();
    assert_eq!(containers.len(), 1, "{ledger:#}");
    assert_eq!(containers[0]["status"], "completed");
}
