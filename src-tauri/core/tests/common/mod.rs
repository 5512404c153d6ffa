//! Shared set-up for tests that talk to the sandbox over real loopback HTTP.
#![allow(dead_code)]

pub mod uploads;

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
        concurrent_sends: 8,
        // Waits for siblings are counted in time, not tries: with backoffs this short, ten
        // tries pass before a sibling under faults can settle.
        sibling_patience: Duration::from_secs(10),
        ..OutboxConfig::default()
    }
}
use serde_json::Value;

/// A desk on a fresh data folder, connected to the sandbox with the key of this label.
/// `sending` says whether its outbox runs.
pub async fn connected_desk(
    r: &Running,
    key_label: &str,
    config: OutboxConfig,
    sending: bool,
) -> (layers_core::Desk, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let desk = layers_core::Desk::open(dir.path(), config).unwrap();
    desk.set_sending(sending);
    connect(&desk, r, key_label).await;
    (desk, dir)
}

/// Connects `desk` to the sandbox's project with the key of this label.
pub async fn connect(desk: &layers_core::Desk, r: &Running, key_label: &str) {
    desk.connect(
        &r.sandbox.url(),
        &r.key(key_label),
        true,
        Some(&r.project()),
        &layers_core::secrets::MemoryKeyStore::default(),
    )
    .await
    .unwrap();
}

/// Polls the plan until `ok` holds; fails with its timeline after 30 s.
pub async fn wait_plan(
    desk: &layers_core::Desk,
    plan_id: &str,
    what: &str,
    ok: impl Fn(&layers_core::model::PlanSummary) -> bool,
) -> layers_core::model::PlanSummary {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let plan = desk
            .plans()
            .unwrap()
            .into_iter()
            .find(|p| p.id == plan_id)
            .unwrap();
        if ok(&plan) {
            return plan;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "plan never reached {what}: {plan:?}\n{:#?}",
            desk.timeline(plan_id).unwrap()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub struct Running {
    pub sandbox: Sandbox,
    pub fixture: Value,
}

impl Running {
    pub async fn start(publish_delay_ms: u64) -> Running {
        Running::with(SandboxConfig {
            publish_delay_ms,
            ..SandboxConfig::default()
        })
        .await
    }

    pub async fn with(config: SandboxConfig) -> Running {
        let sandbox = Sandbox::start(config).await.expect("sandbox starts");
        let fixture = serde_json::to_value(sandbox.fixture()).unwrap();
        Running { sandbox, fixture }
    }

    /// Replaces the sandbox's faults at run time.
    pub async fn set_faults(&self, faults: &layers_sandbox::Faults) {
        let res = reqwest::Client::new()
            .post(format!("{}/_sandbox/faults", self.sandbox.url()))
            .json(faults)
            .send()
            .await
            .unwrap();
        assert!(
            res.status().is_success(),
            "setting faults: {}",
            res.status()
        );
    }

    /// Rejects a container through the public API, as a reviewer with the owner's key would.
    pub async fn reject(&self, container_id: &str, reason: &str) {
        let res = reqwest::Client::new()
            .post(format!(
                "{}/v1/content/{container_id}/reject",
                self.sandbox.url()
            ))
            .bearer_auth(self.key("owner-verified"))
            .json(&serde_json::json!({ "reason": reason }))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "reject: {}", res.status());
    }

    /// Calls an admin route with a JSON body.
    pub async fn admin(&self, path: &str, body: Value) -> Value {
        let res = reqwest::Client::new()
            .post(format!("{}{path}", self.sandbox.url()))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "{path}: {}", res.status());
        res.json().await.unwrap_or(Value::Null)
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

/// Asserts the at-most-once and at-least-once halves of exactly once, judged by the server's
/// ledger: every target of every plan is on the server once (under the id the client follows:
/// ours, or the one the server gave), no two targets follow the same post, each post is of its
/// target's container and account, and the server holds nothing else.
pub fn assert_exactly_once(plans: &[layers_core::model::PlanSummary], ledger: &[Value]) {
    let mut per_id = std::collections::HashMap::<&str, Vec<&Value>>::new();
    for p in ledger {
        per_id.entry(p["id"].as_str().unwrap()).or_default().push(p);
    }
    let mut followed = std::collections::HashSet::new();
    let mut ours = 0;
    for plan in plans {
        for t in &plan.targets {
            ours += 1;
            let id = t.remote_post_id.as_deref().unwrap_or(&t.scheduled_post_id);
            assert!(
                followed.insert(id.to_string()),
                "two targets follow post {id}"
            );
            let found = per_id.get(id).map(Vec::as_slice).unwrap_or_default();
            assert_eq!(
                found.len(),
                1,
                "post {id} of plan {} is on the server {} times",
                plan.id,
                found.len()
            );
            assert_eq!(
                found[0]["containerId"],
                plan.container_id.as_str(),
                "post {id}"
            );
            assert_eq!(
                found[0]["socialAccountId"],
                t.social_account_id.as_str(),
                "post {id}"
            );
        }
    }
    let unknown: Vec<&Value> = ledger
        .iter()
        .filter(|p| !followed.contains(p["id"].as_str().unwrap()))
        .collect();
    assert_eq!(
        ledger.len(),
        ours,
        "the server holds posts the queue does not know: {unknown:#?}"
    );
}

/// Does what the user does in the browser: opens the consent page and approves or denies.
/// Returns where the browser is sent next.
pub async fn consent(r: &Running, authorize_url: &str, state: &str, decision: &str) -> String {
    let page = reqwest::get(authorize_url).await.unwrap();
    assert_eq!(page.status(), 200, "the consent page opens");
    assert!(page.text().await.unwrap().contains(state));
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = no_redirects
        .post(format!("{}/_sandbox/oauth/decide", r.sandbox.url()))
        .form(&[("state", state), ("decision", decision)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302, "the consent page sends the browser back");
    res.headers()["location"].to_str().unwrap().to_string()
}
