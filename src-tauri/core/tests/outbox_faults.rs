//! Exactly once under every fault the sandbox can inject: 200 plans drained through real
//! HTTP, and the sandbox's ledger holds each target once, none missing.

mod common;

use std::time::{Duration, Instant};

use common::{assert_exactly_once, fast_outbox, Running};
use layers_core::model::PlanState;
use layers_core::outbox::OutboxConfig;
use layers_core::secrets::MemoryKeyStore;
use layers_core::Desk;
use layers_sandbox::{Faults, SandboxConfig, Tier};

const PLANS: usize = 200;

async fn drain_under(faults: Faults) {
    let r = Running::with(SandboxConfig {
        tier: Tier::Partner,
        publish_delay_ms: 20,
        ..SandboxConfig::default()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    // This test is about exactly once, not the confirm deadline: with 429s answered
    // `Retry-After: 1` and 300 posts to follow, a slow machine can take longer than
    // fast_outbox's 30 s to read a post's final status, which is a correct "unconfirmed".
    let config = OutboxConfig {
        confirm_deadline: Duration::from_secs(600),
        ..fast_outbox()
    };
    let desk = Desk::open(dir.path(), config).unwrap();
    desk.set_sending(false);
    desk.connect(
        &r.sandbox.url(),
        &r.key("owner-verified"),
        true,
        Some(&r.project()),
        &MemoryKeyStore::default(),
    )
    .await
    .unwrap();
    for i in 0..PLANS {
        let accounts = if i % 2 == 0 {
            vec![r.account("tiktok")]
        } else {
            vec![r.account("tiktok"), r.account("instagram")]
        };
        desk.publish_now(&r.container("video"), &accounts).unwrap();
    }
    r.set_faults(&faults).await;
    desk.start_sending().unwrap();

    let started = Instant::now();
    loop {
        let plans = desk.plans().unwrap();
        let unsent = plans
            .iter()
            .filter(|p| matches!(p.state, PlanState::Queued | PlanState::Sending))
            .count();
        if unsent == 0 {
            assert!(
                plans
                    .iter()
                    .all(|p| matches!(p.state, PlanState::Accepted | PlanState::Done)),
                "every plan was taken: {:?}",
                plans.iter().map(|p| p.state).collect::<Vec<_>>()
            );
            assert_eq!(plans.len(), PLANS);
            assert_exactly_once(&plans, &r.ledger().await);
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(240),
            "{unsent} plans still unsent after 4 minutes under {faults:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn added_latency() {
    drain_under(Faults {
        latency_ms: 20,
        ..Faults::default()
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn server_errors_at_30_percent() {
    drain_under(Faults {
        error_5xx: 0.3,
        ..Faults::default()
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn rate_limited_at_30_percent() {
    drain_under(Faults {
        rate_429: 0.3,
        ..Faults::default()
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn connections_dropped_before_processing_at_30_percent() {
    drain_under(Faults {
        drop_before: 0.3,
        ..Faults::default()
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn connections_dropped_after_the_write_at_30_percent() {
    drain_under(Faults {
        drop_after: 0.3,
        ..Faults::default()
    })
    .await;
}

/// 30% of requests fail, spread evenly over the four kinds of failure.
#[tokio::test(flavor = "multi_thread")]
async fn every_fault_mixed_at_30_percent() {
    drain_under(Faults {
        latency_ms: 10,
        error_5xx: 0.075,
        rate_429: 0.075,
        drop_before: 0.075,
        drop_after: 0.075,
        ..Faults::default()
    })
    .await;
}
