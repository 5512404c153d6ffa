//! The queue a page at a time through `Desk::plans_page`, as the app's list scrolls it.

mod common;

use std::collections::HashSet;

use common::{connected_desk, fast_outbox, Running};
use layers_core::model::{PlanCursor, PlanSummary};
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
        let page = desk.plans_page(after.as_ref(), limit).unwrap();
        assert!(page.plans.len() <= limit as usize);
        all.extend(page.plans);
        between();
        match page.next {
            Some(next) => after = Some(next),
            None => return all,
        }
    }
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
    let read_ids: Vec<&str> = read.iter().map(|p| p.id.as_str()).collect();
    let mut expected: Vec<&str> = older.iter().map(String::as_str).collect();
    expected.reverse();
    assert_eq!(
        read_ids, expected,
        "the first read covers exactly the plans it started with"
    );

    // A fresh read from the top has everything, each once, newest first.
    let again = read_all(&desk, 7, || {});
    let ids: Vec<&str> = again.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids.len(), older.len() + added.len());
    assert_eq!(
        ids.iter().collect::<HashSet<_>>().len(),
        ids.len(),
        "no repeats"
    );
    let keys: Vec<(&str, &str)> = again
        .iter()
        .map(|p| (p.created_at.as_str(), p.id.as_str()))
        .collect();
    assert!(
        keys.windows(2).all(|w| w[0] > w[1]),
        "newest first by (created_at, id)"
    );
    assert_eq!(ids[0], added.last().unwrap());

    // A page that reaches the end says so.
    let whole = desk.plans_page(None, MAX_PAGE_PLANS).unwrap();
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
        let (field, rule) = field_of(desk.plans_page(None, limit).unwrap_err());
        assert_eq!(field, "limit");
        assert!(rule.contains("between 1 and 500"), "{rule}");
    }
    assert_eq!(desk.plans_page(None, 1).unwrap().plans.len(), 1);

    let bad_time = PlanCursor {
        created_at: "yesterday".into(),
        id: "pln_x".into(),
    };
    let (field, _) = field_of(desk.plans_page(Some(&bad_time), 10).unwrap_err());
    assert_eq!(field, "after.createdAt");

    let next = desk.plans_page(None, 1).unwrap().next.unwrap();
    let no_id = PlanCursor {
        id: " ".into(),
        ..next.clone()
    };
    let (field, _) = field_of(desk.plans_page(Some(&no_id), 10).unwrap_err());
    assert_eq!(field, "after.id");
    assert_eq!(desk.plans_page(Some(&next), 10).unwrap().plans.len(), 1);
}
