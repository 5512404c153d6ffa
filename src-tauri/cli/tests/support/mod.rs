//! Running the CLI binary against an in-process sandbox, with its own data folder.
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use layers_sandbox::{Readings, Sandbox, SandboxConfig, Tier};
use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_layers-desk-cli");

pub struct World {
    pub sandbox: Sandbox,
    pub fixture: Value,
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl World {
    pub async fn start() -> World {
        World::with_readings(Readings::default()).await
    }

    /// A world whose sandbox serves these readings of the open points.
    pub async fn with_readings(readings: Readings) -> World {
        let sandbox = Sandbox::start(SandboxConfig {
            tier: Tier::Partner,
            publish_delay_ms: 20,
            readings,
            ..SandboxConfig::default()
        })
        .await
        .unwrap();
        let fixture = serde_json::to_value(sandbox.fixture()).unwrap();
        World {
            sandbox,
            fixture,
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn id(&self, list: &str, label: &str, field: &str) -> String {
        self.fixture[list]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["label"] == label)
            .unwrap_or_else(|| panic!("no {label} in {list}"))[field]
            .as_str()
            .unwrap()
            .to_string()
    }

    pub fn account(&self, label: &str) -> String {
        self.id("accounts", label, "socialAccountId")
    }

    pub fn container(&self, label: &str) -> String {
        self.id("containers", label, "id")
    }

    /// The CLI set up like a script would: data folder, base URL, key and project in the
    /// environment.
    pub fn cli(&self, args: &[&str]) -> Command {
        let mut c = Command::new(BIN);
        c.args(args)
            .env("LAYERS_DESK_DATA_DIR", self.dir.path())
            .env("LAYERS_BASE_URL", self.sandbox.url())
            .env(
                "LAYERS_API_KEY",
                self.id("apiKeys", "owner-verified", "key"),
            )
            .env(
                "LAYERS_PROJECT_ID",
                self.fixture["projectId"].as_str().unwrap(),
            )
            .env_remove("LAYERS_DESK_LOG");
        c
    }

    pub fn run(&self, args: &[&str], stdin: Option<&str>) -> Run {
        run(self.cli(args), stdin)
    }
}

pub fn run(mut cmd: Command, stdin: Option<&str>) -> Run {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    let out: Output = child.wait_with_output().unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).to_string(),
        stderr: String::from_utf8_lossy(&out.stderr).to_string(),
    }
}
