//! Bad input on the command line: every flag and every plan-file field, given a bad value,
//! is refused with exit code 2 and a message that names it and says the rule.

mod support;

use serde_json::{json, Value};
use support::World;

/// Runs and expects exit 2 with `name` and `rule` in the message.
fn refused(run: support::Run, name: &str, rule: &str) {
    assert_eq!(
        run.code,
        Some(2),
        "exit 2 for a bad {name}\nstdout: {}\nstderr: {}",
        run.stdout,
        run.stderr
    );
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(said.contains(name), "the message names {name}: {said}");
    assert!(
        said.contains(rule),
        "the message says the rule ({rule}): {said}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn every_flag_with_a_bad_value_is_named_with_its_rule() {
    let w = World::start().await;

    let mut c = w.cli(&["queue"]);
    c.env("LAYERS_BASE_URL", "http://api.example.com");
    refused(support::run(c, None), "--base-url", "https");

    let mut c = w.cli(&["queue"]);
    c.env("LAYERS_BASE_URL", "not a url");
    refused(support::run(c, None), "--base-url", "full URL");

    let mut c = w.cli(&["queue"]);
    c.env("LAYERS_API_KEY", "sk_live_wrong");
    refused(
        support::run(c, None),
        "LAYERS_API_KEY",
        "must start with lp_",
    );

    let mut c = w.cli(&["queue"]);
    c.env("LAYERS_PROJECT_ID", "prj_nope");
    refused(support::run(c, None), "--project", "no project prj_nope");

    // A data folder that is a file.
    let file = w.dir.path().join("a-file");
    std::fs::write(&file, b"x").unwrap();
    let mut c = w.cli(&["queue"]);
    c.env("LAYERS_DESK_DATA_DIR", &file);
    refused(
        support::run(c, None),
        "--data-dir",
        "cannot create the data folder",
    );

    let video = w.container("video");
    refused(
        w.run(&["handoff", &video, "--phone", "12"], None),
        "--phone",
        "country code",
    );

    // clap's own refusals: unknown flags, conflicting flags, a missing argument.
    refused(
        w.run(&["queue", "--jsn"], None),
        "--jsn",
        "unexpected argument",
    );
    refused(
        w.run(&["sync", "--until-idle", "--watch"], None),
        "--watch",
        "cannot be used with",
    );
    refused(w.run(&["timeline"], None), "<PLAN_ID>", "required");
}

/// Validates a plan file and expects exit 2 with an issue (or parse error) at `path`.
fn plan_refused(w: &World, plan: &Value, path: &str, rule: &str) {
    let run = w.run(&["plan", "validate", "-"], Some(&plan.to_string()));
    assert_eq!(run.code, Some(2), "{plan}\n{}\n{}", run.stdout, run.stderr);
    if let Ok(issues) = serde_json::from_str::<Vec<Value>>(&run.stdout) {
        let issue = issues
            .iter()
            .find(|i| i["path"] == path && i["severity"] == "error")
            .unwrap_or_else(|| panic!("no error at {path} for {plan}: {issues:?}"));
        let message = issue["message"].as_str().unwrap();
        eprintln!("DBG {path}: {message}");
        assert!(message.contains(rule), "{path}: {message}");
    } else {
        refused(run, path, rule);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_plan_file_field_with_a_bad_value_is_named_with_its_rule() {
    let w = World::start().await;
    let good = json!({
        "containerId": w.container("video"),
        "action": "schedule",
        "scheduledFor": "2031-06-01T09:30",
        "timeZone": "Europe/Paris",
        "targets": [{ "socialAccountId": w.account("tiktok"), "mode": "publish" }],
    });
    let ok = w.run(&["plan", "validate", "-"], Some(&good.to_string()));
    assert_eq!(ok.code, Some(0), "{}{}", ok.stdout, ok.stderr);

    let with = |pointer: &str, value: Value| {
        let mut p = good.clone();
        *p.pointer_mut(pointer).unwrap() = value;
        p
    };
    let target = |field: &str, value: Value| {
        let mut p = good.clone();
        p["targets"][0][field] = value;
        p
    };

    plan_refused(
        &w,
        &with("/containerId", json!("cnt_missing")),
        "containerId",
        "not in the project",
    );
    plan_refused(
        &w,
        &with("/containerId", json!(7)),
        "containerId",
        "invalid type",
    );
    plan_refused(
        &w,
        &with("/action", json!("later")),
        "action",
        "unknown variant",
    );
    plan_refused(
        &w,
        &with("/scheduledFor", json!("next tuesday")),
        "scheduledFor",
        "not a date and time",
    );
    plan_refused(
        &w,
        &with("/scheduledFor", json!("2001-01-01T09:30")),
        "scheduledFor",
        "future",
    );
    plan_refused(
        &w,
        &with("/timeZone", json!("Mars/Olympus")),
        "timeZone",
        "not an IANA time zone",
    );
    plan_refused(
        &w,
        &with("/targets", json!([])),
        "targets",
        "at least one account",
    );
    plan_refused(
        &w,
        &target("socialAccountId", json!("sa_missing")),
        "targets[0].socialAccountId",
        "not connected",
    );
    plan_refused(
        &w,
        &target("mode", json!("blast")),
        "targets[0].mode",
        "unknown variant",
    );
    plan_refused(
        &w,
        &target("captionOverride", json!("x".repeat(5000))),
        "targets[0].captionOverride",
        "4000",
    );
    plan_refused(
        &w,
        &target("colour", json!("red")),
        "targets[0].colour",
        "unknown field",
    );
    plan_refused(
        &w,
        &target("tiktokMusic", json!({"mode": "manual"})),
        "targets[0].tiktokMusic.trackId",
        "pick a track",
    );
}
