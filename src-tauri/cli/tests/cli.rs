//! The CLI against the sandbox over real loopback HTTP: exit codes, the plan file, sync, and
//! being killed again and again mid-sync without losing or doubling a post.

use std::collections::HashMap;
use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use layers_sandbox::{Faults, Sandbox, SandboxConfig, Tier};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_layers-desk-cli");

struct World {
    sandbox: Sandbox,
    fixture: Value,
    dir: tempfile::TempDir,
}

impl World {
    async fn start(faults: Faults) -> World {
        let sandbox = Sandbox::start(SandboxConfig {
            tier: Tier::Partner,
            faults,
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
        }
    }

    fn id(&self, list: &str, label: &str, field: &str) -> String {
        self.fixture[list]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["label"] == label)
            .unwrap()[field]
            .as_str()
            .unwrap()
            .to_string()
    }

    fn cli(&self, args: &[&str]) -> Command {
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

    fn run(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut cmd = self.cli(args);
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
        child.wait_with_output().unwrap()
    }

    fn plan_json(&self, accounts: &[&str]) -> String {
        let targets: Vec<Value> = accounts
            .iter()
            .map(|a| serde_json::json!({"socialAccountId": self.id("accounts", a, "socialAccountId"), "mode": "publish"}))
            .collect();
        serde_json::json!({
            "containerId": self.id("containers", "video", "id"),
            "action": "publish",
            "targets": targets,
        })
        .to_string()
    }

    async fn ledger(&self) -> Vec<Value> {
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

    fn queue(&self) -> Vec<Value> {
        let out = self.run(&["queue", "--json"], None);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn validate_reports_issues_as_json_and_exits_2_on_errors() {
    let w = World::start(Faults::default()).await;
    let good = w.run(&["plan", "validate", "-"], Some(&w.plan_json(&["tiktok"])));
    assert!(
        good.status.success(),
        "{}{}",
        text(&good.stdout),
        text(&good.stderr)
    );
    assert_eq!(
        serde_json::from_slice::<Vec<Value>>(&good.stdout)
            .unwrap()
            .len(),
        0
    );

    let bad = w.plan_json(&["tiktok-reauth"]);
    let out = w.run(&["plan", "validate", "-"], Some(&bad));
    assert_eq!(out.status.code(), Some(2));
    let issues: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(issues[0]["path"], "targets[0].socialAccountId");
    assert_eq!(issues[0]["code"], "SOCIAL_ACCOUNT_NOT_PUBLISH_READY");

    // The networks' own caption limits warn here as in the composer (a warning: exit 0).
    let mut plan: Value = serde_json::from_str(&w.plan_json(&["instagram"])).unwrap();
    let tags: Vec<String> = (0..31).map(|i| format!("#t{i}")).collect();
    plan["targets"][0]["captionOverride"] = Value::from(tags.join(" "));
    let out = w.run(&["plan", "validate", "-"], Some(&plan.to_string()));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let issues: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(issues[0]["path"], "targets[0].captionOverride");
    assert_eq!(issues[0]["code"], "TOO_MANY_HASHTAGS");
    assert_eq!(issues[0]["severity"], "warning");
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_exits_2_and_names_the_field() {
    let w = World::start(Faults::default()).await;
    let out = w.run(
        &["plan", "add", "-"],
        Some(r#"{"containerId":"c","action":"publish","targets":[{"socialAccountId":"s","mode":"blast"}]}"#),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("targets[0].mode"),
        "{}",
        text(&out.stderr)
    );

    let out = w.run(&["plan", "add", "/no/such/plan.json"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("file"), "{}", text(&out.stderr));

    let out = w
        .cli(&["queue"])
        .env_remove("LAYERS_API_KEY")
        .env("LAYERS_BASE_URL", "http://example.com")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("https"), "{}", text(&out.stderr));

    let out = w.run(&["sync", "--until-idle", "--watch"], None);
    assert_eq!(out.status.code(), Some(2), "clap refuses conflicting flags");
}

#[tokio::test(flavor = "multi_thread")]
async fn add_queue_sync_and_read_the_timeline() {
    let w = World::start(Faults::default()).await;
    let out = w.run(
        &["plan", "add", "-"],
        Some(&w.plan_json(&["tiktok", "instagram"])),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let plan_id = text(&out.stdout).trim().to_string();
    assert_eq!(w.queue()[0]["state"], "draft");

    let out = w.run(&["plan", "queue", &plan_id], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = w.run(&["sync", "--until-idle"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(w.ledger().await.len(), 2);

    let out = w.run(&["timeline", &plan_id, "--json"], None);
    let events: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"accepted"), "{kinds:?}");
}

/// Tiny deterministic generator for kill moments; the seed is printed so a failure repeats.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn sync_killed_at_random_moments_still_posts_every_target_exactly_once() {
    // Latency and dropped connections make kills land mid-request and mid-write.
    let w = World::start(Faults {
        latency_ms: 15,
        drop_after: 0.1,
        error_5xx: 0.1,
        ..Faults::default()
    })
    .await;
    let plans = 25;
    // The cache first, under the same faults: a refresh the faults broke leaves it empty, and
    // plans are then refused for naming a container the desk has not seen (that is not what
    // this test is about).
    let filled = (0..10).any(|_| w.run(&["refresh"], None).status.success());
    assert!(filled, "ten refreshes in a row failed under 10% faults");
    for _ in 0..plans {
        let out = w.run(
            &["plan", "add", "--queue", "-"],
            Some(&w.plan_json(&["tiktok", "instagram"])),
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let seed = Instant::now().elapsed().as_nanos() as u64 | 1;
    let seed = seed ^ 0x9E37_79B9_7F4A_7C15;
    println!("kill seed {seed}");
    let mut rng = XorShift(seed);
    for _ in 0..12 {
        let mut child = w
            .cli(&["sync", "--until-idle"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(30 + rng.next(400)));
        child.kill().unwrap(); // SIGKILL: no cleanup of any kind.
        child.wait().unwrap();
    }
    // The faults stay on: the waits between tries are capped so the run ends soon.
    let out = w.run(&["sync", "--until-idle", "--max-retry-wait", "2"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_exactly_once(&w.queue(), &w.ledger().await, plans * 2);
}

fn assert_exactly_once(queue: &[Value], ledger: &[Value], expected_posts: usize) {
    let mut per_id: HashMap<&str, usize> = HashMap::new();
    for p in ledger {
        *per_id.entry(p["id"].as_str().unwrap()).or_default() += 1;
    }
    let ours: Vec<&str> = queue
        .iter()
        .flat_map(|p| p["targets"].as_array().unwrap())
        .map(|t| t["scheduledPostId"].as_str().unwrap())
        .collect();
    assert_eq!(ours.len(), expected_posts);
    for id in &ours {
        assert_eq!(
            per_id.get(id),
            Some(&1),
            "post {id} is on the server {:?} times",
            per_id.get(id)
        );
    }
    assert_eq!(
        ledger.len(),
        expected_posts,
        "no post the queue does not know about"
    );
    for p in queue {
        assert_ne!(p["state"], "queued");
        assert_ne!(p["state"], "sending");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn handoff_previews_without_sending_then_sends_and_refuses_a_bad_phone() {
    let w = World::start(Faults::default()).await;
    let video = w.id("containers", "video", "id");
    let out = w.run(
        &["handoff", &video, "--phone", "+1 555 123 4567", "--preview"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let preview: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(preview["destination"], "+15551234567");

    let out = w.run(&["handoff", &video, "--phone", "+15551234567"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("****4567"),
        "{}",
        text(&out.stdout)
    );

    let out = w.run(&["handoff", &video, "--phone", "555-1234"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--phone"),
        "{}",
        text(&out.stderr)
    );
}

/// Runs with no project named (none in the environment either).
fn run_unnamed(w: &World, args: &[&str]) -> Output {
    let mut cmd = w.cli(args);
    cmd.env_remove("LAYERS_PROJECT_ID")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd.output().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_cli_never_picks_a_project_silently_and_remembers_the_one_named() {
    let w = World::start(Faults::default()).await;
    let main = w.fixture["projectId"].as_str().unwrap().to_string();

    // The key sees two projects: listing them picks none.
    let out = run_unnamed(&w, &["projects"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listed = text(&out.stdout);
    assert!(
        listed.contains("Maya Wellness") && listed.contains("Crunchtime Snacks"),
        "{listed}"
    );
    assert!(
        listed.contains("cust_maya_001") && listed.contains("America/Los_Angeles"),
        "{listed}"
    );
    assert!(!listed.contains('*'), "none is in use yet: {listed}");

    // Any other command asks for --project (exit 2) and lists them.
    let out = run_unnamed(&w, &["refresh"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let said = text(&out.stderr);
    assert!(said.contains("--project") && said.contains(&main), "{said}");

    // Named once, it is remembered: refresh says which project it used.
    let out = w.run(&["refresh"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with(&format!("Maya Wellness ({main}):")),
        "{}",
        text(&out.stdout)
    );
    let out = run_unnamed(&w, &["refresh"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run_unnamed(&w, &["projects"]);
    assert!(
        text(&out.stdout).contains(&format!("* {main}")),
        "{}",
        text(&out.stdout)
    );

    // An id that is no plan is an error, not an empty timeline.
    let out = w.run(&["timeline", "plan_nope"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("plan_nope"),
        "{}",
        text(&out.stderr)
    );

    // --limit takes the newest plans; without it, every plan.
    for _ in 0..3 {
        let out = w.run(&["plan", "add", "-"], Some(&w.plan_json(&["tiktok"])));
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let out = w.run(&["queue", "--json", "--limit", "2"], None);
    assert_eq!(
        serde_json::from_slice::<Vec<Value>>(&out.stdout)
            .unwrap()
            .len(),
        2
    );
    assert_eq!(w.queue().len(), 3);
}
