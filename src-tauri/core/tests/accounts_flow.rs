//! Accounts against the sandbox: OAuth through its consent page, reconnect keeping the id,
//! revoke cancelling queued posts, leased accounts from request to release, and plans held
//! while their account needs reconnecting.

mod common;

use common::{connected_desk, consent, fast_outbox, wait_plan, Running};
use layers_core::model::{
    LeaseRequestInput, OAuthPhase, PlanAction, PlanDraft, PlanState, TargetSpec,
};
use layers_core::{Desk, DeskError};

/// Where the browser would come back to; nothing listens there in these tests.
const RETURN_URL: &str = "http://127.0.0.1:9/oauth/return";

fn account_status(desk: &Desk, id: &str) -> Option<String> {
    desk.accounts()
        .unwrap()
        .into_iter()
        .find(|a| a.social_account_id == id)
        .map(|a| a.status.to_string())
}

#[tokio::test(flavor = "multi_thread")]
async fn connecting_through_the_consent_page_adds_the_account() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), false).await;
    let before = desk.accounts().unwrap().len();

    let start = desk.start_connect("tiktok", RETURN_URL).await.unwrap();
    assert!(start.state.starts_with("st_"));
    let pending = desk.oauth_progress(&start.state).await.unwrap();
    assert_eq!(pending.phase, OAuthPhase::Pending);

    let back = consent(&r, &start.authorize_url, &start.state, "approve").await;
    assert!(back.starts_with(RETURN_URL), "returned to {back}");
    assert!(back.contains(&format!("layers_state={}", start.state)));

    let done = desk.oauth_progress(&start.state).await.unwrap();
    assert_eq!(done.phase, OAuthPhase::Completed);
    let id = done.social_account_id.expect("the new account's id");
    assert_eq!(desk.accounts().unwrap().len(), before + 1);
    assert_eq!(account_status(&desk, &id).as_deref(), Some("connected"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_denied_consent_is_a_failure_with_the_platform_code() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), false).await;
    let before = desk.accounts().unwrap().len();
    let start = desk.start_connect("instagram", RETURN_URL).await.unwrap();
    let back = consent(&r, &start.authorize_url, &start.state, "deny").await;
    assert!(back.contains("layers_oauth_error="), "returned to {back}");
    let p = desk.oauth_progress(&start.state).await.unwrap();
    assert_eq!(p.phase, OAuthPhase::Failed);
    assert_eq!(p.error.as_deref(), Some("access_denied"));
    assert_eq!(desk.accounts().unwrap().len(), before);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_platform_or_return_url_is_refused_by_name() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), false).await;
    match desk.start_connect("myspace", RETURN_URL).await {
        Err(DeskError::Invalid { field, .. }) => assert_eq!(field, "platform"),
        other => panic!("expected a platform error, got {other:?}"),
    }
    let err = desk
        .start_connect("tiktok", "https://evil.example/steal")
        .await
        .unwrap_err()
        .to_ipc();
    assert_eq!(err.code, "RETURN_URL_NOT_ALLOWED");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_plan_waits_while_its_account_needs_reconnecting_and_goes_out_after() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), false).await;
    let account = r.account("tiktok");
    let plan = desk
        .queue_plan(PlanDraft {
            container_id: r.container("video"),
            action: PlanAction::Publish,
            targets: vec![TargetSpec::publish(&account)],
            scheduled_for: None,
            time_zone: None,
        })
        .unwrap();

    // The token dies before the plan is sent.
    r.admin(
        &format!("/_sandbox/accounts/{account}/expire"),
        serde_json::json!({}),
    )
    .await;
    desk.refresh().await.unwrap();
    let held = wait_plan(&desk, &plan.id, "waiting_account", |p| {
        p.state == PlanState::WaitingAccount
    })
    .await;
    assert!(held.targets.iter().all(|t| t.remote_status.is_none()));
    let timeline = desk.timeline(&plan.id).unwrap();
    let why = timeline
        .iter()
        .find(|e| e.kind == "waiting_account")
        .unwrap();
    assert!(why.detail.contains("reconnected"), "{}", why.detail);

    // The outbox runs but leaves it alone: nothing reaches the server.
    desk.start_sending().unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert!(r.ledger().await.is_empty(), "a held plan is not sent");

    // Reconnect: same account id, and the plan goes out once.
    let start = desk.start_reconnect(&account, RETURN_URL).await.unwrap();
    assert_eq!(start.social_account_id.as_deref(), Some(account.as_str()));
    consent(&r, &start.authorize_url, &start.state, "approve").await;
    let done = desk.oauth_progress(&start.state).await.unwrap();
    assert_eq!(done.phase, OAuthPhase::Completed);
    assert_eq!(done.social_account_id.as_deref(), Some(account.as_str()));
    assert_eq!(
        account_status(&desk, &account).as_deref(),
        Some("connected")
    );

    let sent = wait_plan(&desk, &plan.id, "done", |p| p.state == PlanState::Done).await;
    common::assert_exactly_once(&[sent], &r.ledger().await);
    let kinds: Vec<String> = desk
        .timeline(&plan.id)
        .unwrap()
        .into_iter()
        .map(|e| e.kind.to_string())
        .collect();
    assert!(
        kinds.contains(&"account_reconnected".to_string()),
        "{kinds:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn revoking_says_how_many_queued_posts_it_cancels_and_cancels_them() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), true).await;
    let account = r.account("tiktok");
    let at = (chrono::Utc::now() + chrono::Duration::hours(2))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let mut plans = Vec::new();
    for _ in 0..2 {
        plans.push(
            desk.queue_plan(PlanDraft {
                container_id: r.container("video"),
                action: PlanAction::Schedule,
                targets: vec![TargetSpec::publish(&account)],
                scheduled_for: Some(at.clone()),
                time_zone: Some("UTC".into()),
            })
            .unwrap(),
        );
    }
    for p in &plans {
        wait_plan(&desk, &p.id, "queued on the server", |p| {
            p.targets
                .iter()
                .all(|t| t.remote_status.as_ref().map(|s| s.as_str()) == Some("queued"))
        })
        .await;
    }
    assert_eq!(desk.queued_posts_for_account(&account).unwrap(), 2);

    let outcome = desk.revoke_account(&account).await.unwrap();
    assert_eq!(outcome.canceled_scheduled_posts, 2);
    assert_eq!(account_status(&desk, &account), None, "gone from the list");
    for p in &plans {
        wait_plan(&desk, &p.id, "canceled posts", |p| {
            p.targets
                .iter()
                .all(|t| t.remote_status.as_ref().map(|s| s.as_str()) == Some("canceled"))
        })
        .await;
    }
    assert_eq!(desk.queued_posts_for_account(&account).unwrap(), 0);
}

fn lease_input() -> LeaseRequestInput {
    LeaseRequestInput {
        count: 2,
        vertical: "fitness".into(),
        audience: Some("25-40".into()),
        language: Some("en-US".into()),
        regions: vec!["US".into(), "CA".into()],
        note: Some("launch week".into()),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lease_request_is_checked_followed_until_assigned_and_released() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), false).await;

    for (bad, field) in [
        (
            LeaseRequestInput {
                count: 0,
                ..lease_input()
            },
            "count",
        ),
        (
            LeaseRequestInput {
                count: 21,
                ..lease_input()
            },
            "count",
        ),
        (
            LeaseRequestInput {
                vertical: " ".into(),
                ..lease_input()
            },
            "vertical",
        ),
        (
            LeaseRequestInput {
                regions: vec!["usa".into()],
                ..lease_input()
            },
            "regions",
        ),
        (
            LeaseRequestInput {
                note: Some("x".repeat(1025)),
                ..lease_input()
            },
            "note",
        ),
    ] {
        match desk.request_lease(&bad).await {
            Err(DeskError::Invalid { field: f, .. }) => assert_eq!(f, field),
            other => panic!("expected a {field} error, got {other:?}"),
        }
    }
    assert!(
        desk.lease_requests().unwrap().is_empty(),
        "nothing was kept"
    );

    let req = desk.request_lease(&lease_input()).await.unwrap();
    assert_eq!(req.status, "requested");
    assert_eq!(desk.lease_requests().unwrap(), vec![req.clone()]);
    let still = desk.refresh_lease_requests().await.unwrap();
    assert_eq!(still[0].status, "requested");

    let before = desk.accounts().unwrap().len();
    r.admin(
        &format!("/_sandbox/leases/{}/assign", req.request_id),
        serde_json::json!({ "monthlyPriceCents": 5900 }),
    )
    .await;
    let now = desk.refresh_lease_requests().await.unwrap();
    assert_eq!(now[0].status, "assigned");
    assert_eq!(now[0].assigned_count, 2);
    let accounts = desk.accounts().unwrap();
    assert_eq!(accounts.len(), before + 2, "the leased accounts show up");
    let leased = accounts
        .iter()
        .find(|a| a.leased && a.monthly_price_cents == Some(5900))
        .expect("a new leased account with its price");

    let released = desk.release_lease(&leased.social_account_id).await.unwrap();
    assert_eq!(released.canceled_scheduled_posts, 0);
    assert_eq!(account_status(&desk, &leased.social_account_id), None);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rejected_lease_request_says_why() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), false).await;
    let req = desk.request_lease(&lease_input()).await.unwrap();
    r.admin(
        &format!("/_sandbox/leases/{}/reject", req.request_id),
        serde_json::json!({ "reason": "no warmed accounts in that niche" }),
    )
    .await;
    let now = desk.refresh_lease_requests().await.unwrap();
    assert_eq!(now[0].status, "rejected");
    assert_eq!(
        now[0].reason.as_deref(),
        Some("no warmed accounts in that niche")
    );
}
