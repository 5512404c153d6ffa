//! Property: whatever the network does and however often the app stops mid-way, no plan is
//! sent twice and none is dropped. Each case draws a fault mix, a number of plans and the
//! moments the outbox is stopped (its task aborted, as a crash would), against the sandbox.

mod common;

use std::time::{Duration, Instant};

use common::{assert_exactly_once, fast_outbox, Running};
use layers_core::model::PlanState;
use layers_core::secrets::MemoryKeyStore;
use layers_core::Desk;
use layers_sandbox::{Faults, SandboxConfig, Tier};
use proptest::prelude::*;

async fn open(r: &Running, dir: &std::path::Path) -> Desk {
    let desk = Desk::open(dir, fast_outbox()).unwrap();
    desk.connect(
        &r.sandbox.url(),
        &r.key("owner-verified"),
        true,
        Some(&r.project()),
        &MemoryKeyStore::default(),
    )
    .await
    .unwrap();
    desk
}

async fn run_case(faults: Faults, plans: usize, crashes: Vec<u64>) {
    let r = Running::with(SandboxConfig {
        tier: Tier::Partner,
        publish_delay_ms: 10,
        ..SandboxConfig::default()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    {
        let desk = open(&r, dir.path()).await;
        desk.set_sending(false);
        for i in 0..plans {
            let mut accounts = vec![r.account("tiktok")];
            if i % 3 == 0 {
                accounts.push(r.account("instagram"));
            }
            desk.publish_now(&r.container("video"), &accounts).unwrap();
        }
    }
    r.set_faults(&faults).await;
    for pause in crashes {
        let desk = open(&r, dir.path()).await;
        tokio::time::sleep(Duration::from_millis(pause)).await;
        drop(desk); // The outbox stops wherever it is.
    }
    r.set_faults(&Faults::default()).await;
    let desk = open(&r, dir.path()).await;
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let all = desk.plans().unwrap();
        if all
            .iter()
            .all(|p| matches!(p.state, PlanState::Accepted | PlanState::Done))
        {
            assert_eq!(all.len(), plans, "no plan dropped");
            assert_exactly_once(&all, &r.ledger().await);
            return;
        }
        assert!(
            Instant::now() < deadline,
            "plans never drained: {:?}",
            all.iter().map(|p| p.state).collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn faults() -> impl Strategy<Value = Faults> {
    (0u64..15, 0.0..0.3f64, 0.0..0.2f64, 0.0..0.3f64, 0.0..0.3f64).prop_map(
        |(latency_ms, error_5xx, rate_429, drop_before, drop_after)| Faults {
            latency_ms,
            error_5xx,
            rate_429,
            drop_before,
            drop_after,
            ..Faults::default()
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]

    #[test]
    fn no_plan_is_sent_twice_or_dropped(
        faults in faults(),
        plans in 1usize..12,
        crashes in prop::collection::vec(0u64..300, 0..4),
    ) {
        let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
        rt.block_on(run_case(faults, plans, crashes));
    }
}
