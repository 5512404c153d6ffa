//! Shared set-up for tests that talk to the sandbox over real loopback HTTP.
#![allow(dead_code)]

use std::time::Duration;

use layers_core::outbox::OutboxConfig;
use layers_sandbox::{Sandbox, SandboxConfig};

/// Outbox timings for tests: the same behaviour, in milliseconds instead of seconds.
pub fn fast_outbox() -> OutboxConfig {
    OutboxConfig {
        first_poll: Duration::from_millis(50),
        poll_queued: Duration::from_millis(100),
        poll_publishing: Duration::from_millis(50),
        confirm_deadline: Duration::from_secs(30),
        approval_check: Duration::from_millis(100),
        backoff_base: Duration::from_millis(20),
        backoff_cap: Duration::from_millis(200),
        offline_after: 2,
        idle: Duration::from_millis(200),
        batch_from: 5,
        undo_window: Duration::ZERO,
    }
}
use serde_json::Value;

pub struct Running {
    pub sandbox: Sandbox,
    pub fixture: Value,
}

impl Running {
    pub async fn start(publish_delay_ms: u64) -> Running {
        let sandbox = Sandbox::start(SandboxConfig {
            publish_delay_ms,
            ..SandboxConfig::default()
        })
        .await
        .expect("sandbox starts");
        let fixture = serde_json::to_value(sandbox.fixture()).unwrap();
        Running { sandbox, fixture }
    }

    pub fn key(&self, label: &str) -> String {
        self.labelled("/apiKeys", label)["key"]
            .as_str()
            .unwrap()
            .to_string()
    }

    pub fn project(&self) -> String {
        self.fixture["projectId"].as_str().unwrap().to_string()
    }

    pub fn container(&self, label: &str) -> String {
        self.labelled("/containers", label)["id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    pub fn account(&self, label: &str) -> String {
        self.labelled("/accounts", label)["socialAccountId"]
            .as_str()
            .unwrap()
            .to_string()
    }

    fn labelled(&self, list: &str, label: &str) -> Value {
        self.fixture
            .pointer(list)
            .and_then(|v| v.as_array())
            .and_then(|a| a.iter().find(|x| x["label"] == label))
            .cloned()
            .unwrap_or_else(|| panic!("fixture has no {label} in {list}"))
    }

    /// The sandbox's ledger of every scheduled post it ever created.
    pub async fn ledger(&self) -> Vec<Value> {
        let v: Value = reqwest::get(format!("{}/_sandbox/posts", self.sandbox.url()))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        match v {
            Value::Array(a) => a,
            other => other["items"].as_array().cloned().unwrap_or_default(),
        }
    }
}
