//! Fills a data folder's queue with plans for the sandbox's project, so the app started on
//! that folder with `--sandbox` lists them. `scripts/bench-list.mjs` uses it to measure the
//! queue list in the real window.
//!
//! cargo run --release -p layers-core --example seed_queue -- DATA_DIR [plans] [month]
//!
//! With `month`, the plans are schedules spread over the days and hours of the month a year
//! ahead (for the calendar's benchmark); otherwise they publish at once.
//!
//! The plans use the sandbox fixture's ids, which are the same in every sandbox, so the app's
//! refresh finds their containers and accounts and leaves them queued. Their send time is a
//! year away, so the outbox sends none of them while the list is measured.

use std::path::PathBuf;

use chrono::{Datelike, Duration, Utc};
use layers_core::model::{PlanAction, PlanDraft, TargetSpec};
use layers_core::store::{NewPlan, NewTarget, Store};
use layers_sandbox::fixture::initial_state;
use layers_sandbox::Fixture;

/// The app's database file in a data folder (`Desk::open` names it).
const DB_FILE: &str = "layers-desk.sqlite3";
/// Completed containers that need no approval, and accounts that can publish.
const CONTAINERS: &[&str] = &["video", "slideshow", "image"];
const ACCOUNTS: &[&str] = &["tiktok", "instagram", "instagram-personal", "tiktok-leased"];

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: seed_queue DATA_DIR [plans]"));
    let count: usize = args
        .next()
        .map_or(10_000, |n| n.parse().expect("plans is a number"));
    let month = args.next().as_deref() == Some("month");

    let fixture = Fixture::from_state(&initial_state(Utc::now(), "http://127.0.0.1"));
    let containers: Vec<&str> = CONTAINERS
        .iter()
        .map(|l| fixture.container_id(l).expect("fixture container"))
        .collect();
    let accounts: Vec<&str> = ACCOUNTS
        .iter()
        .map(|l| fixture.account_id(l).expect("fixture account"))
        .collect();
    let send_after = Utc::now() + Duration::days(365);
    let first = send_after.date_naive().with_day(1).expect("day 1");

    // One or two targets a plan, so rows differ a little as they would in a real queue.
    let plans: Vec<NewPlan> = (0..count)
        .map(|n| {
            let specs: Vec<TargetSpec> = (0..1 + n % 2)
                .map(|t| TargetSpec::publish(accounts[(n + t) % accounts.len()]))
                .collect();
            let at = month.then(|| {
                let day = first + Duration::days((n % 28) as i64);
                let time =
                    chrono::NaiveTime::from_hms_opt(8 + (n % 12) as u32, (n * 7 % 60) as u32, 0)
                        .expect("a time");
                day.and_time(time).and_utc()
            });
            new_plan(
                &fixture.project_id,
                containers[n % containers.len()],
                specs,
                send_after,
                at,
            )
        })
        .collect();

    std::fs::create_dir_all(&dir).expect("create the data folder");
    let store = Store::open(&dir.join(DB_FILE)).expect("open the queue");
    store.insert_queued_plans(&plans).expect("insert the plans");
    println!("queued {count} plans in {}", dir.display());
}

fn new_plan(
    project: &str,
    container: &str,
    specs: Vec<TargetSpec>,
    send_after: chrono::DateTime<Utc>,
    at: Option<chrono::DateTime<Utc>>,
) -> NewPlan {
    let targets: Vec<NewTarget> = specs
        .into_iter()
        .map(|spec| NewTarget {
            scheduled_post_id: format!("sp_{}", uuid::Uuid::new_v4().simple()),
            spec,
        })
        .collect();
    // Never sent (see above), so a body of the right shape is enough.
    let body = serde_json::to_vec(&serde_json::json!({
        "containerId": container,
        "targets": targets.iter().map(|t| serde_json::json!({
            "scheduledPostId": t.scheduled_post_id,
            "socialAccountId": t.spec.social_account_id,
            "mode": "publish",
        })).collect::<Vec<_>>(),
    }))
    .expect("json");
    let queued_detail = match targets.len() {
        _ if at.is_some() => "schedule".to_string(),
        1 => "publish now to 1 account".to_string(),
        n => format!("publish now to {n} accounts"),
    };
    NewPlan {
        id: format!("plan_{}", uuid::Uuid::new_v4()),
        project_id: project.into(),
        draft: PlanDraft {
            container_id: container.into(),
            action: if at.is_some() {
                PlanAction::Schedule
            } else {
                PlanAction::Publish
            },
            targets: targets.iter().map(|t| t.spec.clone()).collect(),
            scheduled_for: at.map(|t| t.format("%Y-%m-%dT%H:%M").to_string()),
            time_zone: at.map(|_| "UTC".to_string()),
        },
        scheduled_for: at,
        idempotency_key: uuid::Uuid::new_v4().to_string(),
        body,
        targets,
        send_after,
        queued_detail,
    }
}
