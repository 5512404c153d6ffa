//! Every project of the key: the list, switching, each project's own queue, and the outbox
//! sending every project's plans whichever one is on screen. Against the sandbox, whose key
//! sees two projects.

mod common;

use std::time::Duration;

use common::{connected_desk, fast_outbox, Running};
use layers_core::model::{PlanKind, PlanState};
use layers_core::outbox::OutboxConfig;

#[tokio::test(flavor = "multi_thread")]
async fn a_plan_queued_in_one_project_goes_out_while_another_is_on_screen() {
    let r = Running::start(20).await;
    // A short undo window, so the plan is still unsent when the desk switches away.
    let config = OutboxConfig {
        undo_window: Duration::from_millis(600),
        ..fast_outbox()
    };
    let (desk, _dir) = connected_desk(&r, "owner-verified", config, true).await;
    let main = r.project();
    let other = r.fixture["otherProjectId"].as_str().unwrap().to_string();

    let projects = desk.projects().unwrap();
    let ids: Vec<&str> = projects.iter().map(|p| p.id.as_str()).collect();
    assert!(
        ids.contains(&main.as_str()) && ids.contains(&other.as_str()),
        "{ids:?}"
    );
    let listed = projects.iter().find(|p| p.id == main).unwrap();
    assert_eq!(listed.time_zone.as_deref(), Some("America/Los_Angeles"));
    assert_eq!(
        listed.customer_external_id.as_deref(),
        Some("cust_maya_001")
    );
    assert_eq!(
        desk.status()
            .unwrap()
            .connection
            .unwrap()
            .project_time_zone
            .as_deref(),
        Some("America/Los_Angeles")
    );

    let plan = desk
        .publish_now(&r.container("video"), &[r.account("tiktok")])
        .unwrap();
    let info = desk.switch_project(&other).unwrap();
    assert_eq!(info.project_id, other);
    assert_eq!(info.project_time_zone.as_deref(), Some("Europe/Berlin"));
    // The other project's queue is its own.
    let shown = desk.plans_page(PlanKind::Queue, None, 50).unwrap();
    assert!(shown.plans.iter().all(|p| p.id != plan.id));

    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let p = desk.plan(&plan.id).unwrap();
        if p.state == PlanState::Done {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "never sent: {p:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let posts = r.ledger().await;
    assert_eq!(
        posts
            .iter()
            .filter(|p| p["id"] == plan.targets[0].scheduled_post_id.as_str())
            .count(),
        1
    );

    // Back on the first project, its plan is in its queue; an unknown project is refused.
    desk.switch_project(&main).unwrap();
    let back = desk.plans_page(PlanKind::Queue, None, 50).unwrap();
    assert!(back.plans.iter().any(|p| p.id == plan.id));
    let unknown = desk.switch_project("prj_nope").unwrap_err().to_ipc();
    assert_eq!(unknown.field.as_deref(), Some("projectId"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_desk_that_must_ask_names_the_projects_instead_of_taking_the_first() {
    let r = Running::start(20).await;
    let dir = tempfile::tempdir().unwrap();
    let desk = layers_core::Desk::open(dir.path(), fast_outbox()).unwrap();
    desk.set_sending(false);
    desk.set_ask_for_project(true);
    let err = desk
        .connect(
            &r.sandbox.url(),
            &r.key("owner-verified"),
            true,
            None,
            &layers_core::secrets::MemoryKeyStore::default(),
        )
        .await
        .unwrap_err()
        .to_ipc();
    assert_eq!(err.field.as_deref(), Some("project"));
    assert!(err.message.contains("sees 2 projects"), "{}", err.message);
    assert!(err.message.contains(&r.project()), "{}", err.message);
    assert!(
        desk.status().unwrap().connection.is_none(),
        "nothing was picked"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn what_needs_the_user_in_a_project_not_on_screen_is_told_with_its_project() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), true).await;
    let main = r.project();
    let other = r.fixture["otherProjectId"].as_str().unwrap().to_string();
    // A personal Instagram account's post fails at the platform, in the first project...
    let plan = desk
        .publish_now(&r.container("video"), &[r.account("instagram-personal")])
        .unwrap();
    let held = desk
        .publish_now(&r.container("pending-approval"), &[r.account("tiktok")])
        .unwrap();
    desk.switch_project(&other).unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let failed = loop {
        let notices = desk.attention().unwrap();
        if let Some(n) = notices.into_iter().find(|n| n.key.starts_with("failed:")) {
            break n;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the failure was never told"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    // ...while the other is on screen: told, named by its project, and leading there.
    assert!(
        failed.title.starts_with("Maya Wellness: "),
        "{}",
        failed.title
    );
    assert_eq!(failed.place.project_id.as_deref(), Some(main.as_str()));
    assert_eq!(failed.place.id.as_deref(), Some(plan.id.as_str()));
    // The project list says how much waits in each.
    let counts: Vec<(String, u32)> = desk
        .projects()
        .unwrap()
        .into_iter()
        .map(|p| (p.id, p.needs_you))
        .collect();
    let of = |id: &str| counts.iter().find(|(p, _)| p == id).unwrap().1;
    assert!(of(&main) >= 1, "{counts:?}");
    assert_eq!(of(&other), 0, "{counts:?}");

    // The all-projects list has the failure and the plan held for approval, by project.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let all = loop {
        let all = desk.needs_you().unwrap();
        if all
            .iter()
            .any(|n| n.place.id.as_deref() == Some(held.id.as_str()))
        {
            break all;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the held plan never listed: {all:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let waiting = all
        .iter()
        .find(|n| n.place.id.as_deref() == Some(held.id.as_str()))
        .unwrap();
    assert_eq!(waiting.title, "A plan waits for its content to be approved");
    assert_eq!(waiting.project_name, "Maya Wellness");
    assert!(all
        .iter()
        .any(|n| n.place.id.as_deref() == Some(plan.id.as_str())
            && n.title.starts_with("A post to @")));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_project_the_key_no_longer_lists_keeps_its_queue_readable_and_sends_nothing() {
    let r = Running::start(20).await;
    let (desk, dir) = connected_desk(&r, "owner-verified", fast_outbox(), false).await;
    let plan = desk
        .publish_now(&r.container("video"), &[r.account("tiktok")])
        .unwrap();
    drop(desk);
    // The folder's plans now belong to a project this key does not list.
    rusqlite::Connection::open(dir.path().join("layers-desk.sqlite3"))
        .unwrap()
        .execute("UPDATE plans SET project_id = 'prj_archived'", [])
        .unwrap();

    let desk = layers_core::Desk::open(dir.path(), fast_outbox()).unwrap();
    desk.set_sending(true);
    common::connect(&desk, &r, "owner-verified").await;
    let gone: Vec<_> = desk
        .projects()
        .unwrap()
        .into_iter()
        .filter(|p| p.gone)
        .collect();
    assert_eq!(gone.len(), 1, "{gone:?}");
    assert_eq!(gone[0].id, "prj_archived");
    // Readable: switch to it and its plan is there.
    desk.switch_project("prj_archived").unwrap();
    let page = desk.plans_page(PlanKind::Queue, None, 50).unwrap();
    assert!(page.plans.iter().any(|p| p.id == plan.id));
    // Not sent: the outbox sends the listed projects only.
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(desk.plan(&plan.id).unwrap().state, PlanState::Queued);
    assert!(r.ledger().await.is_empty());
}
