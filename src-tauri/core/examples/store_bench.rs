//! Store benchmark: queueing through the store next to raw rusqlite writing the same rows in
//! one transaction, then the reads the app makes on a database of 100,000 plans.
//!
//! cargo run --release -p layers-core --example store_bench -- [plans] [big_plans] [events]
//!
//! Defaults: 10,000 plans (2 targets each) for the queueing ratio, 100,000 plans for the reads,
//! a timeline of 1,000 events. Files live in a temporary folder on the same disk for both sides.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::Utc;
use layers_core::model::{PlanAction, PlanDraft, PlanKind, TargetSpec};
use layers_core::store::{ts_text, NewPlan, NewTarget, PlanCursor, Store};
use rusqlite::{params, Connection};

const PROJECT: &str = "prj_bench";
const TARGETS_PER_PLAN: usize = 2;
const RUNS: usize = 3;

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("counts are numbers"))
        .collect();
    let plans = args.first().copied().unwrap_or(10_000);
    let big = args.get(1).copied().unwrap_or(100_000);
    let events = args.get(2).copied().unwrap_or(1_000);
    let dir = tempfile::tempdir().unwrap();

    queue_ratio(dir.path(), plans);
    big_reads(dir.path(), big, events);
}

fn new_plan(n: usize) -> NewPlan {
    let accounts: Vec<String> = (0..TARGETS_PER_PLAN)
        .map(|t| format!("sa_{:03}", (n + t) % 200))
        .collect();
    let draft = PlanDraft {
        container_id: format!("cnt_{:04}", n % 1000),
        action: PlanAction::Publish,
        targets: accounts.iter().map(|a| TargetSpec::publish(a)).collect(),
        scheduled_for: None,
        time_zone: None,
    };
    let targets: Vec<NewTarget> = draft
        .targets
        .iter()
        .enumerate()
        .map(|(t, spec)| NewTarget {
            scheduled_post_id: format!("sp_{}_{t}", uuid::Uuid::new_v4().simple()),
            spec: spec.clone(),
        })
        .collect();
    let body = serde_json::to_vec(&serde_json::json!({
        "targets": targets.iter().map(|t| serde_json::json!({
            "scheduledPostId": t.scheduled_post_id,
            "socialAccountId": t.spec.social_account_id,
            "mode": "publish",
        })).collect::<Vec<_>>()
    }))
    .unwrap();
    NewPlan {
        id: format!("plan_{}", uuid::Uuid::new_v4()),
        project_id: PROJECT.into(),
        draft,
        scheduled_for: None,
        idempotency_key: uuid::Uuid::new_v4().to_string(),
        body,
        targets,
        send_after: Utc::now(),
        queued_detail: format!("publish now to {TARGETS_PER_PLAN} accounts"),
    }
}

/// The rows the store writes for a plan, as plain values, so the raw side only inserts.
struct RawPlan<'a> {
    plan: &'a NewPlan,
    draft: String,
    specs: Vec<String>,
    send_after: String,
}

fn raw_rows(plans: &[NewPlan]) -> Vec<RawPlan<'_>> {
    plans
        .iter()
        .map(|p| RawPlan {
            plan: p,
            draft: serde_json::to_string(&p.draft).unwrap(),
            specs: p
                .targets
                .iter()
                .map(|t| serde_json::to_string(&t.spec).unwrap())
                .collect(),
            send_after: ts_text(p.send_after),
        })
        .collect()
}

/// The floor: the same rows in one transaction on one connection with the store's pragmas
/// and schema, statements prepared once, values serialized beforehand.
fn raw_insert(path: &Path, rows: &[RawPlan<'_>]) -> Duration {
    drop(Store::open(path).unwrap()); // the same schema, indexes included
    let mut conn = Connection::open(path).unwrap();
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    conn.pragma_update(None, "synchronous", "FULL").unwrap();
    let started = Instant::now();
    let tx = conn.transaction().unwrap();
    {
        let now = ts_text(Utc::now());
        let mut plan = tx
            .prepare(
                "INSERT INTO plans(id, project_id, container_id, action, scheduled_for, time_zone,
                                   state, draft, idempotency_key, request_body, next_attempt_at,
                                   created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'queued', ?7, ?8, ?9, ?10, ?11, ?11)",
            )
            .unwrap();
        let mut target = tx
            .prepare(
                "INSERT INTO targets(scheduled_post_id, plan_id, position, social_account_id,
                                     mode, spec, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )
            .unwrap();
        let mut event = tx
            .prepare(
                "INSERT INTO events(plan_id, scheduled_post_id, at, kind, detail)
                 VALUES (?1, ?2, ?3, 'queued', ?4)",
            )
            .unwrap();
        for r in rows {
            let p = r.plan;
            plan.execute(params![
                p.id,
                p.project_id,
                p.draft.container_id,
                "publish",
                None::<String>,
                None::<String>,
                r.draft,
                p.idempotency_key,
                p.body,
                r.send_after,
                now,
            ])
            .unwrap();
            for (i, (t, spec)) in p.targets.iter().zip(&r.specs).enumerate() {
                target
                    .execute(params![
                        t.scheduled_post_id,
                        p.id,
                        i as i64,
                        t.spec.social_account_id,
                        "publish",
                        spec,
                        now,
                    ])
                    .unwrap();
            }
            event
                .execute(params![p.id, None::<String>, now, p.queued_detail])
                .unwrap();
        }
    }
    tx.commit().unwrap();
    started.elapsed()
}

fn store_insert(path: &Path, plans: &[NewPlan]) -> Duration {
    let store = Store::open(path).unwrap();
    let started = Instant::now();
    store.insert_queued_plans(plans).unwrap();
    started.elapsed()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn queue_ratio(dir: &Path, n: usize) {
    let (mut store_runs, mut raw_runs) = (Vec::new(), Vec::new());
    for run in 0..RUNS {
        // Fresh ids each run, fresh files each side; the sides alternate who goes first.
        let plans: Vec<NewPlan> = (0..n).map(new_plan).collect();
        let rows = raw_rows(&plans);
        let (s, r) = (
            dir.join(format!("store-{run}.sqlite3")),
            dir.join(format!("raw-{run}.sqlite3")),
        );
        if run % 2 == 0 {
            store_runs.push(store_insert(&s, &plans));
            raw_runs.push(raw_insert(&r, &rows));
        } else {
            raw_runs.push(raw_insert(&r, &rows));
            store_runs.push(store_insert(&s, &plans));
        }
    }
    let (store, raw) = (median(store_runs.clone()), median(raw_runs.clone()));
    println!(
        "queue {n} plans ({TARGETS_PER_PLAN} targets, 1 event each): store {:.1} ms, raw rusqlite one transaction {:.1} ms (median of {RUNS}; runs store {:?} raw {:?}); ratio {:.2} (target <= 1.5)",
        ms(store),
        ms(raw),
        store_runs.iter().map(|d| ms(*d).round()).collect::<Vec<_>>(),
        raw_runs.iter().map(|d| ms(*d).round()).collect::<Vec<_>>(),
        store.as_secs_f64() / raw.as_secs_f64()
    );

    // For context: the app's one-plan-at-a-time path commits (and flushes) once per plan.
    let single = n.min(1000);
    let path = dir.join("single.sqlite3");
    let store = Store::open(&path).unwrap();
    let plans: Vec<NewPlan> = (0..single).map(new_plan).collect();
    let started = Instant::now();
    for p in &plans {
        store.insert_queued_plan(p).unwrap();
    }
    let took = started.elapsed();
    println!(
        "  (context) {single} plans one transaction each: {:.1} ms, {:.2} ms a plan",
        ms(took),
        ms(took) / single as f64
    );
}

fn big_reads(dir: &Path, n: usize, events: usize) {
    let path = dir.join("big.sqlite3");
    let timeline_plan = {
        let store = Store::open(&path).unwrap();
        let setup = Instant::now();
        for chunk in 0..n.div_ceil(1000) {
            let plans: Vec<NewPlan> = (chunk * 1000..((chunk + 1) * 1000).min(n))
                .map(new_plan)
                .collect();
            store.insert_queued_plans(&plans).unwrap();
        }
        let plan = store.plans(PROJECT, 1).unwrap().remove(0).id;
        drop(store);
        seed_cache_and_timeline(&path, &plan, events);
        // One plan in 500 is a draft (200 of 100,000), spread over the whole queue: the
        // Drafts tab reads them apart from the plans to send.
        Connection::open(&path)
            .unwrap()
            .execute_batch(
                "UPDATE plans SET state = 'draft' WHERE rowid % 500 = 0;
                 -- and one post in 1,000 failed, for what needs the user (notifications)
                 UPDATE targets SET remote_status = 'failed' WHERE rowid % 1000 = 7;",
            )
            .unwrap();
        println!(
            "built a database of {n} plans ({} MB) in {:.1} s",
            std::fs::metadata(&path).unwrap().len() / 1_000_000,
            setup.elapsed().as_secs_f64()
        );
        plan
    };

    let mut opens = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let store = Store::open(&path).unwrap();
        let page = store
            .plans_page(PROJECT, Some(PlanKind::Queue), None, 50)
            .unwrap();
        opens.push(started.elapsed());
        assert_eq!(page.plans.len(), 50.min(n));
    }
    println!(
        "open + first page (50 plans with targets) of {n}: median {:.2} ms, max {:.2} ms (target < 50 ms; page cache warm)",
        ms(median(opens.clone())),
        ms(*opens.iter().max().unwrap())
    );

    let started = Instant::now();
    let verdict = layers_core::store::deep_check(&path).unwrap();
    println!(
        "full integrity check after the open (quick_check, own connection): {:.1} ms ({})",
        ms(started.elapsed()),
        if verdict.is_ok() { "ok" } else { "DAMAGED" }
    );

    let store = Store::open(&path).unwrap();
    let deep: PlanCursor = Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT created_at, id FROM plans ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET ?1",
            [(n / 2) as i64],
            |r| {
                Ok(PlanCursor {
                    created_at: r.get(0)?,
                    id: r.get(1)?,
                })
            },
        )
        .unwrap();
    let started = Instant::now();
    let page = store.plans_page(PROJECT, None, Some(&deep), 50).unwrap();
    println!(
        "a page from the middle ({} plans in, keyset cursor): {:.2} ms",
        n / 2,
        ms(started.elapsed())
    );
    assert_eq!(page.plans.len(), 50.min(n - n / 2 - 1));

    let mut reads = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let drafts = store
            .plans_page(PROJECT, Some(PlanKind::Drafts), None, 100)
            .unwrap();
        reads.push(started.elapsed());
        assert_eq!(drafts.plans.len(), 100.min(n / 500));
    }
    println!(
        "first page of drafts (100 of the {} spread over {n} plans): median {:.2} ms, max {:.2} ms",
        n / 500,
        ms(median(reads.clone())),
        ms(*reads.iter().max().unwrap())
    );

    let mut reads = Vec::new();
    let mut found = 0;
    for _ in 0..5 {
        let started = Instant::now();
        found = store.plans_needing_attention(PROJECT, 500).unwrap().len();
        reads.push(started.elapsed());
    }
    println!(
        "what needs the user ({found} plans with a failed post among {n}), read on every change: \
         median {:.2} ms, max {:.2} ms",
        ms(median(reads.clone())),
        ms(*reads.iter().max().unwrap())
    );

    let started = Instant::now();
    let waiting = store.waiting_plans(PROJECT).unwrap();
    println!(
        "count of waiting plans ({waiting}), which the status bar reads: {:.2} ms",
        ms(started.elapsed())
    );

    let mut reads = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        let timeline = store.timeline(&timeline_plan).unwrap();
        reads.push(started.elapsed());
        assert_eq!(timeline.len(), events);
    }
    println!(
        "timeline of {events} events: median {:.2} ms, max {:.2} ms (target < 10 ms)",
        ms(median(reads.clone())),
        ms(*reads.iter().max().unwrap())
    );
    drop(store);
    project_switch(&path, n, median(opens));
}

/// The same plans spread over 50 projects (2,000 each at the default size): what a project
/// switch reads, the new project's first queue page, against the launch page read above.
fn project_switch(path: &Path, n: usize, launch: Duration) {
    const PROJECTS: usize = 50;
    Connection::open(path)
        .unwrap()
        .execute_batch(&format!(
            "UPDATE plans SET project_id = 'prj_' || (rowid % {PROJECTS});"
        ))
        .unwrap();
    let store = Store::open(path).unwrap();
    let mut reads = Vec::new();
    for p in 0..PROJECTS {
        let project = format!("prj_{p}");
        let started = Instant::now();
        let page = store
            .plans_page(&project, Some(PlanKind::Queue), None, 100)
            .unwrap();
        reads.push(started.elapsed());
        assert!(!page.plans.is_empty(), "project {project} has plans");
    }
    let max = *reads.iter().max().unwrap();
    let median = median(reads);
    println!(
        "switch to each of {PROJECTS} projects ({} plans each): first page (100) median {:.2} ms, \
         max {:.2} ms; launch page read {:.2} ms; ratio {:.2} (target: within the launch budget, < 50 ms)",
        n / PROJECTS,
        ms(median),
        ms(max),
        ms(launch),
        median.as_secs_f64() / launch.as_secs_f64().max(1e-9)
    );
}

/// The cache rows the queue page joins (200 accounts, 1,000 containers) and a timeline of
/// `events` for one plan, written raw: this is setup, not what is measured.
fn seed_cache_and_timeline(path: &Path, plan: &str, events: usize) {
    let mut conn = Connection::open(path).unwrap();
    let tx = conn.transaction().unwrap();
    let now = ts_text(Utc::now());
    for a in 0..200 {
        tx.execute(
            "INSERT INTO accounts(id, project_id, platform, handle, status, leased, raw, fetched_at)
             VALUES (?1, ?2, 'tiktok', ?3, 'connected', 0, '{}', ?4)",
            params![format!("sa_{a:03}"), PROJECT, format!("@account{a}"), now],
        )
        .unwrap();
    }
    for c in 0..1000 {
        tx.execute(
            "INSERT INTO containers(id, project_id, status, approval_status, media_type, caption,
                                    created_at, raw, fetched_at)
             VALUES (?1, ?2, 'completed', 'approved', 'video', ?3, ?4, '{}', ?4)",
            params![format!("cnt_{c:04}"), PROJECT, format!("Caption {c}"), now],
        )
        .unwrap();
    }
    for e in 1..events {
        tx.execute(
            "INSERT INTO events(plan_id, at, kind, detail) VALUES (?1, ?2, 'polled', ?3)",
            params![plan, now, format!("status check {e}: publishing")],
        )
        .unwrap();
    }
    tx.commit().unwrap();
}
