//! The outbox's behaviours beyond plain sending, each against the sandbox over real HTTP:
//! offline and back, approval waits, a schedule whose time passed, a lost answer found again
//! by post id, the confirmation deadline, and one outbox per data folder.

mod common;

use std::time::{Duration, Instant};

use common::{assert_exactly_once, connected_desk, fast_outbox, wait_plan, Running};
use layers_core::api::{parse_base_url, ApiKey, Client};
use layers_core::model::{PlanAction, PlanDraft, PlanState, PlanSummary, TargetSpec};
use layers_core::outbox::OutboxConfig;
use layers_core::secrets::MemoryKeyStore;
use layers_core::Desk;
use layers_sandbox::{Sandbox, SandboxConfig, Tier};
use serde_json::json;

async fn connected(r: &Running, config: OutboxConfig, sending: bool) -> (Desk, tempfile::TempDir) {
    connected_desk(r, "owner-verified", config, sending).await
}

async fn wait_until(
    desk: &Desk,
    plan_id: &str,
    what: &str,
    ok: impl Fn(&PlanSummary) -> bool,
) -> PlanSummary {
    wait_plan(desk, plan_id, what, ok).await
}

fn kinds(desk: &Desk, plan_id: &str) -> Vec<String> {
    desk.timeline(plan_id)
        .unwrap()
        .into_iter()
        .map(|e| e.kind.to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn plans_queued_while_the_api_is_down_go_out_once_when_it_is_back() {
    let r = Running::start(20).await;
    let addr = r.sandbox.addr();
    let (desk, _dir) = connected(&r, fast_outbox(), true).await;
    let fixture = r.fixture.clone();
    let (video, tiktok) = (r.container("video"), r.account("tiktok"));
    r.sandbox.shutdown().await;

    let plans: Vec<String> = (0..5)
        .map(|_| {
            desk.publish_now(&video, std::slice::from_ref(&tiktok))
                .unwrap()
                .id
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(10);
    while desk.status().unwrap().online {
        assert!(Instant::now() < deadline, "never noticed the API is down");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let status = desk.status().unwrap();
    assert_eq!(status.waiting_plans, 5, "offline, 5 plans waiting");

    // The API comes back on the same address (a fresh sandbox with the same fixture).
    let back = Sandbox::start(SandboxConfig {
        addr,
        publish_delay_ms: 20,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let r2 = Running {
        sandbox: back,
        fixture,
    };
    for id in &plans {
        wait_until(&desk, id, "done", |p| p.state == PlanState::Done).await;
    }
    assert!(desk.status().unwrap().online);
    assert_exactly_once(&desk.plans().unwrap(), &r2.ledger().await);
}

#[tokio::test(flavor = "multi_thread")]
async fn publish_waits_for_approval_then_goes_out_under_a_new_key_with_the_same_post_ids() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected(&r, fast_outbox(), true).await;
    let container = r.container("pending-approval");
    let plan = desk
        .publish_now(&container, &[r.account("tiktok")])
        .unwrap();
    let sp = plan.targets[0].scheduled_post_id.clone();
    wait_until(&desk, &plan.id, "waiting_approval", |p| {
        p.state == PlanState::WaitingApproval
    })
    .await;
    assert!(r.ledger().await.is_empty());

    r.admin(
        &format!("/_sandbox/containers/{container}/approve"),
        json!({}),
    )
    .await;
    let done = wait_until(&desk, &plan.id, "done", |p| p.state == PlanState::Done).await;
    assert_eq!(
        done.targets[0].scheduled_post_id, sp,
        "same post id after the re-issue"
    );
    assert!(kinds(&desk, &plan.id).contains(&"requeued".to_string()));
    assert_exactly_once(&[done], &r.ledger().await);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_container_rejected_while_a_plan_waits_ends_the_plan_with_the_reason() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected(&r, fast_outbox(), true).await;
    let container = r.container("pending-approval");
    let plan = desk
        .publish_now(&container, &[r.account("tiktok")])
        .unwrap();
    let other = desk
        .publish_now(&r.container("video"), &[r.account("tiktok")])
        .unwrap();
    wait_until(&desk, &plan.id, "waiting_approval", |p| {
        p.state == PlanState::WaitingApproval
    })
    .await;

    r.reject(&container, "off brand").await;
    let ended = wait_until(&desk, &plan.id, "rejected", |p| {
        p.state == PlanState::Rejected
    })
    .await;
    assert_eq!(ended.last_error.unwrap().code, "CONTENT_REJECTED");
    wait_until(&desk, &other.id, "done", |p| p.state == PlanState::Done).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_schedule_whose_time_passed_while_waiting_is_not_sent_until_the_user_decides() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected(&r, fast_outbox(), false).await;
    let at = (chrono::Utc::now() + chrono::Duration::seconds(31))
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string();
    let plan = desk
        .queue_plan(PlanDraft {
            container_id: r.container("video"),
            action: PlanAction::Schedule,
            targets: vec![TargetSpec::publish(&r.account("tiktok"))],
            scheduled_for: Some(at),
            time_zone: Some("UTC".into()),
        })
        .unwrap();
    // The outbox was not running (offline, closed laptop...) while the lead time ran out.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    desk.start_sending().unwrap();
    wait_until(&desk, &plan.id, "needs_decision", |p| {
        p.state == PlanState::NeedsDecision
    })
    .await;
    assert!(
        r.ledger().await.is_empty(),
        "nothing was sent late on its own"
    );

    desk.decide(&plan.id, None).unwrap();
    let done = wait_until(&desk, &plan.id, "done", |p| p.state == PlanState::Done).await;
    assert_exactly_once(&[done], &r.ledger().await);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_schedule_on_a_pending_container_is_held_then_published_after_approval() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected(&r, fast_outbox(), true).await;
    let container = r.container("pending-approval");
    let paris: chrono_tz::Tz = "Europe/Paris".parse().unwrap();
    let at = (chrono::Utc::now() + chrono::Duration::minutes(2))
        .with_timezone(&paris)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let plan = desk
        .queue_plan(PlanDraft {
            container_id: container.clone(),
            action: PlanAction::Schedule,
            targets: vec![TargetSpec::publish(&r.account("tiktok"))],
            scheduled_for: Some(at),
            time_zone: Some("Europe/Paris".into()),
        })
        .unwrap();
    wait_until(&desk, &plan.id, "blocked on approval", |p| {
        p.targets[0].remote_status.as_ref().map(|s| s.as_str()) == Some("blocked_on_approval")
    })
    .await;
    r.admin(
        &format!("/_sandbox/containers/{container}/approve"),
        json!({}),
    )
    .await;
    wait_until(&desk, &plan.id, "queued after promotion", |p| {
        p.targets[0].remote_status.as_ref().map(|s| s.as_str()) == Some("queued")
    })
    .await;
    r.admin("/_sandbox/clock/advance", json!({"seconds": 240}))
        .await;
    let done = wait_until(&desk, &plan.id, "done", |p| p.state == PlanState::Done).await;
    assert_eq!(
        done.targets[0].remote_status.as_ref().map(|s| s.as_str()),
        Some("published")
    );
    assert_exactly_once(&[done], &r.ledger().await);
}

#[tokio::test(flavor = "multi_thread")]
async fn posts_that_exist_already_are_reconciled_not_posted_twice() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected(&r, fast_outbox(), false).await;
    let plan = desk
        .publish_now(&r.container("video"), &[r.account("tiktok")])
        .unwrap();
    let sp = &plan.targets[0].scheduled_post_id;
    // An earlier attempt went through under another key, and its answer was lost.
    let client = Client::new(
        parse_base_url(&r.sandbox.url()).unwrap(),
        ApiKey::parse(&r.key("owner-verified")).unwrap(),
    );
    let body = json!({"targets": [{"socialAccountId": r.account("tiktok"), "mode": "publish", "scheduledPostId": sp}]});
    client
        .submit(
            PlanAction::Publish,
            &r.container("video"),
            "an-older-key",
            &serde_json::to_vec(&body).unwrap(),
        )
        .await
        .unwrap();

    desk.start_sending().unwrap();
    let done = wait_until(&desk, &plan.id, "done", |p| p.state == PlanState::Done).await;
    assert!(kinds(&desk, &plan.id).contains(&"reconciled".to_string()));
    assert_exactly_once(&[done], &r.ledger().await);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_post_that_never_settles_ends_unconfirmed_instead_of_being_polled_forever() {
    let r = Running::start(60_000).await;
    let config = OutboxConfig {
        confirm_deadline: Duration::from_millis(300),
        ..fast_outbox()
    };
    let (desk, _dir) = connected(&r, config, true).await;
    let plan = desk
        .publish_now(&r.container("video"), &[r.account("tiktok")])
        .unwrap();
    let ended = wait_until(&desk, &plan.id, "unconfirmed", |p| {
        p.state == PlanState::Unconfirmed
    })
    .await;
    assert_eq!(
        ended.targets[0].remote_status.as_ref().map(|s| s.as_str()),
        Some("unconfirmed")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_process_on_the_same_data_folder_waits_and_says_so() {
    let r = Running::with(SandboxConfig {
        tier: Tier::Partner,
        publish_delay_ms: 20,
        ..SandboxConfig::default()
    })
    .await;
    let (first, dir) = connected(&r, fast_outbox(), true).await;
    let second = Desk::open(dir.path(), fast_outbox()).unwrap();
    second
        .connect(
            &r.sandbox.url(),
            &r.key("owner-verified"),
            true,
            Some(&r.project()),
            &MemoryKeyStore::default(),
        )
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let note = second.status().unwrap().last_sync_error.unwrap_or_default();
        if note.contains("another Layers Desk process") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the second outbox never said it waits"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let plans: Vec<String> = (0..20)
        .map(|_| {
            second
                .publish_now(&r.container("video"), &[r.account("tiktok")])
                .unwrap()
                .id
        })
        .collect();
    for id in &plans {
        wait_until(&first, id, "done", |p| p.state == PlanState::Done).await;
    }
    assert_exactly_once(&first.plans().unwrap(), &r.ledger().await);
}

#[tokio::test(flavor = "multi_thread")]
async fn conflicts_found_on_refresh_end_or_hold_only_the_affected_plans_with_a_reason() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected(&r, fast_outbox(), false).await;
    let video = r.container("video");
    let fine = desk.publish_now(&video, &[r.account("tiktok")]).unwrap();
    let revoked = desk.publish_now(&video, &[r.account("instagram")]).unwrap();
    let expired = desk
        .publish_now(&video, &[r.account("tiktok-leased")])
        .unwrap();

    let res = reqwest::Client::new()
        .delete(format!(
            "{}/v1/social-accounts/{}",
            r.sandbox.url(),
            r.account("instagram")
        ))
        .bearer_auth(r.key("owner-verified"))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "revoke: {}", res.status());
    r.admin(
        &format!("/_sandbox/accounts/{}/expire", r.account("tiktok-leased")),
        json!({}),
    )
    .await;
    desk.refresh().await.unwrap();

    let by_id = |id: &str| {
        desk.plans()
            .unwrap()
            .into_iter()
            .find(|p| p.id == id)
            .unwrap()
    };
    assert_eq!(by_id(&fine.id).state, PlanState::Queued, "untouched");
    let r1 = by_id(&revoked.id);
    assert_eq!(r1.state, PlanState::Rejected);
    assert_eq!(r1.last_error.unwrap().code, "NOT_FOUND");
    // An account that needs reconnecting holds its plan instead of ending it.
    assert_eq!(by_id(&expired.id).state, PlanState::WaitingAccount);
    let why = desk.timeline(&expired.id).unwrap();
    assert!(
        why.iter()
            .any(|e| e.kind == "waiting_account" && e.detail.contains("reconnected")),
        "the reason says what to do: {why:?}"
    );

    // A rejected plan can be pulled back to draft, edited and queued again.
    desk.pull_back(&revoked.id).unwrap();
    let mut draft = desk.draft(&revoked.id).unwrap();
    draft.targets[0].social_account_id = r.account("tiktok");
    desk.save_draft(Some(&revoked.id), draft).unwrap();
    desk.queue_draft(&revoked.id).unwrap();
    desk.start_sending().unwrap();
    wait_until(&desk, &revoked.id, "done", |p| p.state == PlanState::Done).await;
    wait_until(&desk, &fine.id, "done", |p| p.state == PlanState::Done).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_queued_post_can_be_rescheduled_and_canceled() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected(&r, fast_outbox(), true).await;
    let at = (chrono::Utc::now() + chrono::Duration::minutes(10))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let plan = desk
        .queue_plan(PlanDraft {
            container_id: r.container("video"),
            action: PlanAction::Schedule,
            targets: vec![
                TargetSpec::publish(&r.account("tiktok")),
                TargetSpec::publish(&r.account("instagram")),
            ],
            scheduled_for: Some(at),
            time_zone: Some("UTC".into()),
        })
        .unwrap();
    wait_until(&desk, &plan.id, "accepted", |p| {
        p.state == PlanState::Accepted
    })
    .await;
    let (a, b) = (
        &plan.targets[0].scheduled_post_id,
        &plan.targets[1].scheduled_post_id,
    );
    let later = (chrono::Utc::now() + chrono::Duration::minutes(30))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    desk.reschedule_post(a, &later, "UTC").await.unwrap();
    let post = r
        .ledger()
        .await
        .into_iter()
        .find(|p| p["id"] == a.as_str())
        .unwrap();
    assert!(
        post["scheduledFor"]
            .as_str()
            .unwrap()
            .starts_with(&later[..16]),
        "{post}"
    );
    // The moved post shows its own time; the other keeps the plan's.
    let moved = desk.plan(&plan.id).unwrap();
    assert!(
        moved.targets[0]
            .scheduled_for
            .as_deref()
            .unwrap()
            .starts_with(&later[..16]),
        "{:?}",
        moved.targets[0]
    );
    assert_eq!(moved.targets[1].scheduled_for, moved.scheduled_for);
    assert_ne!(moved.targets[0].scheduled_for, moved.scheduled_for);

    desk.cancel_post(b, Some("wrong account")).await.unwrap();
    let plan = wait_until(&desk, &plan.id, "one canceled", |p| {
        p.targets[1].remote_status.as_ref().map(|s| s.as_str()) == Some("canceled")
    })
    .await;
    assert_eq!(
        plan.targets[0].remote_status.as_ref().map(|s| s.as_str()),
        Some("queued")
    );
    let again = desk.cancel_post(b, None).await.unwrap_err().to_ipc();
    assert_eq!(
        again.code, "CONFLICT",
        "a canceled post cannot be canceled twice"
    );
    assert!(kinds(&desk, &plan.id).contains(&"rescheduled".to_string()));
}
