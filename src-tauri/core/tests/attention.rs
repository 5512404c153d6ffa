//! What the app notifies about, and where each notice leads: an account to reconnect opens
//! Accounts on that account; a plan that was not sent opens that plan.

mod common;

use common::{connected_desk, fast_outbox, wait_plan, Running};
use layers_core::model::{PlaceView, PlanState};

#[tokio::test(flavor = "multi_thread")]
async fn each_notice_names_the_place_to_act() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), true).await;

    let reauth = r.account("tiktok-reauth");
    let notices = desk.attention().unwrap();
    let account = notices
        .iter()
        .find(|n| n.key == format!("reauth:{reauth}"))
        .expect("the account needing reauth is announced");
    assert_eq!(account.place.view, PlaceView::Accounts);
    assert_eq!(account.place.id.as_deref(), Some(reauth.as_str()));
    assert!(
        !account.old_news_at_start,
        "a reconnect still waits for the user"
    );
    assert!(
        notices.iter().all(|n| !n.key.starts_with("rejected:")),
        "nothing was rejected yet: {notices:?}"
    );

    // A plan whose container is rejected while it waits for approval ends, and says so.
    let container = r.container("pending-approval");
    let plan = desk
        .publish_now(&container, &[r.account("tiktok")])
        .unwrap();
    wait_plan(&desk, &plan.id, "waiting_approval", |p| {
        p.state == PlanState::WaitingApproval
    })
    .await;
    r.reject(&container, "off brand").await;
    wait_plan(&desk, &plan.id, "rejected", |p| {
        p.state == PlanState::Rejected
    })
    .await;

    let notices = desk.attention().unwrap();
    let rejected = notices
        .iter()
        .find(|n| n.key == format!("rejected:{}", plan.id))
        .expect("the rejected plan is announced");
    assert_eq!(rejected.place.view, PlaceView::Publish);
    assert_eq!(rejected.place.id.as_deref(), Some(plan.id.as_str()));
    assert!(
        rejected.body.contains("CONTENT_REJECTED"),
        "{}",
        rejected.body
    );
}
