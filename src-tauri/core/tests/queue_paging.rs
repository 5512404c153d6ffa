//! The queue a page at a time through `Desk::plans_page`, as the app's list scrolls it.

mod common;

use std::collections::HashSet;

use common::{connected_desk, fast_outbox, Running};
use layers_core::model::{PlanAction, PlanCursor, PlanDraft, PlanKind, PlanState, PlanSummary};
use layers_core::{Desk, DeskError, MAX_PAGE_PLANS};

fn add_plans(desk: &Desk, r: &Running, n: usize) -> Vec<String> {
    (0..n)
        .map(|_| {
            desk.publish_now(&r.container("video"), &[r.account("tiktok")])
                .unwrap()
                .id
        })
        .collect()
}

/// Reads pages of `limit` until the end, calling `between` after each page.
fn read_all(desk: &Desk, limit: u32, mut between: impl FnMut()) -> Vec<PlanSummary> {
    let mut all = Vec::new();
    let mut after: Option<PlanCursor> = None;
    loop {
        let page = desk
            .plans_page(PlanKind::Queue, after.as_ref(), limit)
            .unwrap();
        assert!(page.plans.len() <= limit as usize);
        all.extend(page.plans);
        between();
        match page.next {
            Some(next) => after = Some(next),
            None => return all,
        }
    }
}

/// In the list's order: `(created_at, id)`, newest first, strictly.
fn newest_first(plans: &[PlanSummary]) -> bool {
    plans
        .windows(2)
        .all(|w| (&w[0].created_at, &w[0].id) > (&w[1].created_at, &w[1].id))
}

#[tokio::test]
async fn paging_reads_every_plan_once_newest_first_even_while_plans_are_added() {
    let r = Running::start(30).await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), false).await;
    let older = add_plans(&desk, &r, 25);

    // Plans queued between two page reads land at the top, above the cursor: the pages
    // further down neither repeat a row nor skip one.
    let mut added = Vec::new();
    let read = read_all(&desk, 10, || added.extend(add_plans(&desk, &r, 3)));
    // Two plans queued in the same millisecond are ordered by id, so the check is on sets
    // and on the list's key, not on the order they were queued in.
    let read_ids: HashSet<&str> = read.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(read.len(), older.len(), "no repeats");
    assert_eq!(
        read_ids,
        older.iter().map(String::as_str).collect::<HashSet<_>>(),
        "the first read covers exactly the plans it started with"
    );
    assert!(newest_first(&read));

    // A fresh read from the top has everything, each once, newest first.
    let again = read_all(&desk, 7, || {});
    let ids: Vec<&str> = again.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids.len(), older.len() + added.len());
    assert_eq!(
        ids.iter().collect::<HashSet<_>>().len(),
        ids.len(),
        "no repeats"
    );
    assert!(newest_first(&again), "newest first by (created_at, id)");
    assert!(
        added.contains(&ids[0].to_string()),
        "a plan added during the read is at the top"
    );

    // A page that reaches the end says so.
    let whole = desk
        .plans_page(PlanKind::Queue, None, MAX_PAGE_PLANS)
        .unwrap();
    assert_eq!(whole.plans.len(), ids.len());
    assert_eq!(whole.next, None);
    assert_eq!(
        whole.plans[0].targets.len(),
        1,
        "each plan comes with its targets"
    );
}

fn field_of(e: DeskError) -> (String, String) {
    let ipc = e.to_ipc();
    assert_eq!(ipc.code, "VALIDATION");
    (ipc.field.unwrap_or_default(), ipc.message)
}

#[tokio::test]
async fn a_bad_limit_or_cursor_is_refused_naming_the_field() {
    let r = Running::start(30).await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), false).await;
    add_plans(&desk, &r, 2);

    for limit in [0, MAX_PAGE_PLANS + 1] {
        let (field, rule) = field_of(desk.plans_page(PlanKind::Queue, None, limit).unwrap_err());
        assert_eq!(field, "limit");
        assert!(rule.contains("between 1 and 500"), "{rule}");
    }
    assert_eq!(
        desk.plans_page(PlanKind::Queue, None, 1)
            .unwrap()
            .plans
            .len(),
        1
    );

    let bad_time = PlanCursor {
        created_at: "yesterday".into(),
        id: "pln_x".into(),
    };
    let (field, _) = field_of(
        desk.plans_page(PlanKind::Queue, Some(&bad_time), 10)
            .unwrap_err(),
    );
    assert_eq!(field, "after.createdAt");

    let next = desk
        .plans_page(PlanKind::Queue, None, 1)
        .unwrap()
        .next
        .unwrap();
    let no_id = PlanCursor {
        id: " ".into(),
        ..next.clone()
    };
    let (field, _) = field_of(
        desk.plans_page(PlanKind::Queue, Some(&no_id), 10)
            .unwrap_err(),
    );
    assert_eq!(field, "after.id");
    assert_eq!(
        desk.plans_page(PlanKind::Queue, Some(&next), 10)
            .unwrap()
            .plans
            .len(),
        1
    );
}

#[tokio::test]
async fn drafts_page_on_their_own_however_many_plans_were_queued_after_them() {
    let r = Running::start(30).await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), false).await;
    let video = r.container("video");
    let draft = PlanDraft {
        container_id: video.clone(),
        action: PlanAction::Publish,
        targets: Vec::new(),
        scheduled_for: None,
        time_zone: None,
    };
    let old_draft = desk.save_draft(None, draft.clone()).unwrap().id;
    let queued = add_plans(&desk, &r, 30);
    let new_draft = desk.save_draft(None, draft).unwrap().id;

    // The drafts come in one short page, though 30 plans sit between them.
    let drafts = desk.plans_page(PlanKind::Drafts, None, 10).unwrap();
    let ids: HashSet<&str> = drafts.plans.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, HashSet::from([new_draft.as_str(), old_draft.as_str()]));
    assert!(newest_first(&drafts.plans));
    assert_eq!(drafts.next, None);

    // The queue's pages hold every plan to send and no draft, so each page is full.
    let first = desk.plans_page(PlanKind::Queue, None, 10).unwrap();
    assert_eq!(first.plans.len(), 10);
    assert!(first.plans.iter().all(|p| p.state != PlanState::Draft));
    let all = read_all(&desk, 10, || {});
    assert_eq!(all.len(), queued.len());
    assert!(all.iter().all(|p| p.id != old_draft && p.id != new_draft));
}
