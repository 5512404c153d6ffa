//! Shared run-time context: state, clock, faults, limiter, persistence.

use crate::clock::Clock;
use crate::config::{Faults, Tier};
use crate::rate_limit::RateLimiter;
use crate::state::State;
use crate::stats::Stats;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::Notify;

pub type SharedCtx = Arc<Ctx>;

pub struct Ctx {
    state: Mutex<State>,
    pub clock: Clock,
    faults: Mutex<Faults>,
    pub tier: Tier,
    pub publish_delay_ms: u64,
    /// The readings served instead of the default ones.
    pub readings: crate::readings::Readings,
    pub base_url: String,
    pub state_file: Option<PathBuf>,
    pub limiter: RateLimiter,
    idem_locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// Wakes the publisher early (clock moved, post created).
    pub publisher_wake: Notify,
    /// `/v1` answers by class and status, for `GET /_sandbox/stats`.
    pub stats: Stats,
    /// Signs presigned upload URLs (new each run: a URL from another run is refused).
    pub upload_secret: String,
    /// Uploaded bytes by upload token, kept in memory (not in the state file).
    media: Mutex<HashMap<String, Blob>>,
}

/// One uploaded file's bytes.
#[derive(Clone)]
pub struct Blob {
    pub content_type: String,
    pub bytes: axum::body::Bytes,
}

impl Ctx {
    pub fn new(
        state: State,
        clock: Clock,
        config: &crate::config::SandboxConfig,
        base_url: String,
        state_file: Option<PathBuf>,
    ) -> Self {
        let tier = config.tier;
        Ctx {
            state: Mutex::new(state),
            clock,
            faults: Mutex::new(config.faults.clone()),
            tier,
            // One day at most, so timestamps can never overflow.
            publish_delay_ms: config.publish_delay_ms.min(86_400_000),
            readings: config.readings.clone(),
            base_url,
            state_file,
            limiter: RateLimiter::new(tier),
            idem_locks: Mutex::new(HashMap::new()),
            publisher_wake: Notify::new(),
            stats: Stats::default(),
            upload_secret: uuid::Uuid::new_v4().to_string(),
            media: Mutex::new(HashMap::new()),
        }
    }

    /// Locks the state. A poisoned lock is recovered (a panic elsewhere must not wedge the server).
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn faults(&self) -> Faults {
        self.faults
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn set_faults(&self, f: Faults) {
        *self.faults.lock().unwrap_or_else(|e| e.into_inner()) = f;
    }

    /// The per-idempotency-key lock, so concurrent duplicates run one after the other.
    pub fn idem_lock(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut m = self.idem_locks.lock().unwrap_or_else(|e| e.into_inner());
        if m.len() > 10_000 {
            m.retain(|_, v| Arc::strong_count(v) > 1);
        }
        m.entry(key.to_string()).or_default().clone()
    }

    pub fn put_media(&self, token: &str, blob: Blob) {
        self.media
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(token.to_string(), blob);
    }

    pub fn media(&self, token: &str) -> Option<Blob> {
        self.media
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(token)
            .cloned()
    }

    /// Writes the state to `--state FILE` when configured.
    pub fn persist(&self) {
        let Some(path) = &self.state_file else {
            return;
        };
        let json = {
            let mut s = self.state();
            s.saved_at = Some(self.clock.now());
            serde_json::to_vec_pretty(&*s)
        };
        match json {
            Ok(bytes) => {
                let tmp = path.with_extension("tmp");
                let res = std::fs::write(&tmp, &bytes).and_then(|_| std::fs::rename(&tmp, path));
                if let Err(e) = res {
                    tracing::warn!("could not save sandbox state to {}: {e}", path.display());
                }
            }
            Err(e) => tracing::warn!("could not serialise sandbox state: {e}"),
        }
    }
}
