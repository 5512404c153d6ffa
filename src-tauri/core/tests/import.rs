//! Plans from a sheet against the sandbox: a dry run names each bad row and column and
//! queues nothing; the fixed sheet imports in one go and its posts go out once each; the
//! same sheet again queues nothing; an export imported into an empty data folder plans the
//! same posts.

mod common;

use chrono::{Duration, Utc};
use common::{assert_exactly_once, connected_desk, fast_outbox, wait_plan, Running};
use layers_core::model::{ImportRowStatus, PlanState, Severity};
use layers_core::DeskError;

/// A date two months ahead, so every schedule is in the future.
fn ahead() -> String {
    (Utc::now() + Duration::days(60))
        .format("%Y-%m-%d")
        .to_string()
}

fn sheet(rows: &[String]) -> Vec<u8> {
    let mut text =
        "container;accounts;caption;date;time;time_zone;tiktok_privacy;reel_to_grid;notes\r\n"
            .to_string();
    for row in rows {
        text.push_str(row);
        text.push_str("\r\n");
    }
    text.into_bytes()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sheet_checked_fixed_imported_once_and_exported_back() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), true).await;
    let video = r.container("video");
    let day = ahead();
    let good = [
        format!("{video};@maya.wellness;Launch;;;;;yes;first"),
        format!("{video};@MayaMovesDaily|@maya.wellness;\"Two; accounts\";{day};09:30;Europe/Paris;SELF_ONLY;no;"),
    ];
    let bad = [
        format!("{video};@nobody.here;;;;;;;"),
        format!("{video};@mayamovesdaily;;{day};10:00;Europe/Paris;;;"),
        format!("{video};@maya.wellness;;2027-03-28;02:30;Europe/Paris;;;"),
    ];
    let all: Vec<String> = good.iter().chain(&bad).cloned().collect();

    // The dry run: each bad row named with its column; the unknown column a warning.
    let report = desk.check_import(&sheet(&all), None).unwrap();
    let statuses: Vec<ImportRowStatus> = report.rows.iter().map(|x| x.status).collect();
    use ImportRowStatus::*;
    assert_eq!(
        statuses,
        [Ready, Ready, Refused, Refused, Refused],
        "{report:#?}"
    );
    let errors: Vec<&str> = report
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| i.path.as_str())
        .collect();
    assert_eq!(
        errors,
        ["rows[4].accounts", "rows[5].tiktok_privacy", "rows[6].time"],
        "{report:#?}"
    );
    assert!(report
        .issues
        .iter()
        .all(|i| i.message.starts_with("Row ") || i.path.starts_with("columns.")));
    assert_eq!(report.unknown_columns, ["notes"]);

    // The import refuses the whole file while a row is bad, and queues nothing.
    match desk.import_plans(&sheet(&all), None) {
        Err(DeskError::Rules(issues)) => assert!(issues.iter().any(|i| i.path == "rows[6].time")),
        other => panic!("a bad row must refuse the import: {other:?}"),
    }
    assert!(desk.plans().unwrap().is_empty(), "nothing queued");

    // Fixed, it imports as one; the posts go out once each.
    let fixed = [
        good[0].clone(),
        good[1].clone(),
        format!("{video};@maya.snaps;;;;;;;"),
    ];
    let done = desk.import_plans(&sheet(&fixed), None).unwrap();
    assert!(done.imported);
    let ids: Vec<String> = done
        .rows
        .iter()
        .map(|x| x.plan_id.clone().expect("a plan per row"))
        .collect();
    assert_eq!(desk.plans().unwrap().len(), 3);
    for id in &ids {
        wait_plan(&desk, id, "accepted", |p| {
            matches!(p.state, PlanState::Accepted | PlanState::Done)
        })
        .await;
    }
    assert_exactly_once(&desk.plans().unwrap(), &r.ledger().await);
    let scheduled = desk.plan(&ids[1]).unwrap();
    assert_eq!(scheduled.targets.len(), 2);
    assert_eq!(scheduled.time_zone.as_deref(), Some("Europe/Paris"));

    // The same file again: every row already imported, nothing queued twice.
    let again = desk.import_plans(&sheet(&fixed), None).unwrap();
    assert!(
        again.rows.iter().all(|x| x.status == AlreadyImported),
        "{again:#?}"
    );
    assert_eq!(
        again
            .rows
            .iter()
            .map(|x| x.plan_id.clone().unwrap())
            .collect::<Vec<_>>(),
        ids
    );
    assert_eq!(desk.plans().unwrap().len(), 3);

    // Exported and imported into an empty data folder: the same posts planned.
    let exported = desk.export_plans().unwrap();
    let (fresh, _fresh_dir) = connected_desk(&r, "owner-verified", fast_outbox(), false).await;
    let back = fresh.import_plans(&exported, None).unwrap();
    assert!(
        back.unknown_columns.is_empty(),
        "an export's own columns are read past"
    );
    let plan_of = |d: &layers_core::Desk, id: &str| d.plan(id).unwrap();
    let mut theirs: Vec<_> = back
        .rows
        .iter()
        .map(|x| plan_of(&fresh, x.plan_id.as_deref().unwrap()))
        .collect();
    let mut ours: Vec<_> = ids.iter().map(|id| plan_of(&desk, id)).collect();
    let key = |p: &layers_core::model::PlanSummary| {
        let accounts: Vec<String> = p
            .targets
            .iter()
            .map(|t| t.social_account_id.clone())
            .collect();
        (
            p.container_id.clone(),
            accounts,
            p.scheduled_for.clone(),
            p.time_zone.clone(),
            p.action.clone(),
        )
    };
    theirs.sort_by_key(key);
    ours.sort_by_key(key);
    assert_eq!(
        theirs.iter().map(key).collect::<Vec<_>>(),
        ours.iter().map(key).collect::<Vec<_>>()
    );
    let draft = |d: &layers_core::Desk, id: &str| {
        let mut t = d.draft(id).unwrap().targets;
        t.sort_by(|a, b| a.social_account_id.cmp(&b.social_account_id));
        t
    };
    assert_eq!(
        draft(&fresh, &theirs[0].id),
        draft(&desk, &ours[0].id),
        "same settings per target"
    );
}
