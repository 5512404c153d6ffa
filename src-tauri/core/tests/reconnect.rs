//! The start-up reconnect: the saved connection's queue can be read and added to before the
//! network answers, and what was queued meanwhile goes out once the connection is back.

mod common;

use common::{assert_exactly_once, connect, connected_desk, fast_outbox, wait_plan, Running};
use layers_core::model::{PlanKind, PlanState};
use layers_core::secrets::MemoryKeyStore;
use layers_core::{Desk, DeskError};

#[tokio::test]
async fn the_saved_queue_shows_and_takes_plans_while_the_app_reconnects() {
    let r = Running::start(30).await;
    let (desk, dir) = connected_desk(&r, "owner-verified", fast_outbox(), false).await;
    let before = desk
        .publish_now(&r.container("video"), &[r.account("tiktok")])
        .unwrap()
        .id;
    drop(desk);

    // The app starts again: no session yet, so nothing local can be read...
    let desk = Desk::open(dir.path(), fast_outbox()).unwrap();
    assert!(matches!(
        desk.plans_page(PlanKind::Queue, None, 10),
        Err(DeskError::NotConnected)
    ));
    // ...until the reconnect begins: then the saved connection's queue is there at once.
    desk.begin_reconnect(true);
    let status = desk.status().unwrap();
    assert!(status.reconnecting);
    assert_eq!(status.connection.unwrap().project_id, r.project());
    let page = desk.plans_page(PlanKind::Queue, None, 10).unwrap();
    assert_eq!(page.plans.len(), 1);
    assert_eq!(page.plans[0].id, before);
    assert!(
        !desk.containers().unwrap().is_empty(),
        "the cache is read too"
    );
    let meanwhile = desk
        .publish_now(&r.container("video"), &[r.account("tiktok")])
        .unwrap()
        .id;

    // A reconnect of the other kind (a live one, here) shows no sandbox queue.
    desk.begin_reconnect(false);
    assert_eq!(desk.status().unwrap().connection, None);
    assert!(desk.plans_page(PlanKind::Queue, None, 10).is_err());

    // A reconnect that ends without a session leaves nothing readable (the app shows Setup).
    desk.begin_reconnect(true);
    desk.end_reconnect();
    let status = desk.status().unwrap();
    assert!(!status.reconnecting);
    assert_eq!(status.connection, None);
    assert!(matches!(desk.containers(), Err(DeskError::NotConnected)));

    // A disconnect while reconnecting forgets the saved connection's queue at once.
    desk.begin_reconnect(true);
    let keys = MemoryKeyStore::default();
    assert_eq!(desk.disconnect(&keys).unwrap().connection, None);
    assert!(desk.plans_page(PlanKind::Queue, None, 10).is_err());
    desk.end_reconnect();

    // Connected again, both plans go out, each once.
    connect(&desk, &r, "owner-verified").await;
    let mut plans = Vec::new();
    for id in [&before, &meanwhile] {
        plans.push(wait_plan(&desk, id, "done", |p| p.state == PlanState::Done).await);
    }
    assert_exactly_once(&plans, &r.ledger().await);
}
