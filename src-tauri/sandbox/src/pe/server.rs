//! `PeSandbox`: binds loopback, serves the emulator, shuts down.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{Duration, Utc};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::limits::{PeLimits, Windows};
use super::readings::PeReadings;
use super::state::PeState;
use crate::config::Faults;

/// The one key the emulator takes (a `pe_live_` key, as the real ones are).
pub const PE_SANDBOX_KEY: &str = "pe_live_sandbox_demo_key";

#[derive(Debug, Clone)]
pub struct PeConfig {
    pub addr: SocketAddr,
    pub faults: Faults,
    pub limits: PeLimits,
    pub readings: PeReadings,
    /// How long a destination spends publishing once its time has come.
    pub publish_delay_ms: u64,
}

impl Default for PeConfig {
    fn default() -> Self {
        PeConfig {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            faults: Faults::default(),
            limits: PeLimits::default(),
            readings: PeReadings::default(),
            publish_delay_ms: 1500,
        }
    }
}

pub struct PeCtx {
    pub state: Mutex<PeState>,
    pub windows: Mutex<Windows>,
    pub faults: Mutex<Faults>,
    pub limits: PeLimits,
    pub readings: PeReadings,
    pub base_url: String,
}

pub type Shared = Arc<PeCtx>;

impl PeCtx {
    pub fn state(&self) -> MutexGuard<'_, PeState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn faults(&self) -> Faults {
        self.faults
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

pub struct PeSandbox {
    addr: SocketAddr,
    ctx: Shared,
    shutdown: Option<watch::Sender<bool>>,
    server: Option<JoinHandle<()>>,
}

impl PeSandbox {
    pub async fn start(config: PeConfig) -> io::Result<PeSandbox> {
        config
            .faults
            .validate()
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        if !config.addr.ip().is_loopback() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("the sandbox listens on loopback only, not {}", config.addr),
            ));
        }
        let listener = tokio::net::TcpListener::bind(config.addr).await?;
        let addr = listener.local_addr()?;
        let ctx: Shared = Arc::new(PeCtx {
            state: Mutex::new(PeState::new(
                Utc::now(),
                Duration::milliseconds(config.publish_delay_ms as i64),
            )),
            windows: Mutex::new(Windows::default()),
            faults: Mutex::new(config.faults.clone()),
            limits: config.limits,
            readings: config.readings.clone(),
            base_url: format!("http://{addr}"),
        });
        let app = super::routes::router(ctx.clone()).layer(axum::middleware::from_fn_with_state(
            crate::local_only::rules(addr.port()),
            crate::local_only::guard,
        ));
        let (tx, rx) = watch::channel(false);
        let server = crate::server::serve(listener, app, rx, "PostEverywhere sandbox");
        Ok(PeSandbox {
            addr,
            ctx,
            shutdown: Some(tx),
            server: Some(server),
        })
    }

    /// The API's base, as the client is configured with it (`…/api/v1`).
    pub fn url(&self) -> String {
        format!("http://{}/api/v1", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Changes the faults from now on.
    pub fn set_faults(&self, faults: Faults) {
        *self.ctx.faults.lock().unwrap_or_else(|p| p.into_inner()) = faults;
    }

    /// Every post ever created, deleted ones too, as `GET /_sandbox/ledger` gives them.
    pub fn ledger(&self) -> serde_json::Value {
        super::routes::ledger_json(&self.ctx)
    }

    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(true);
        }
        if let Some(mut server) = self.server.take() {
            if tokio::time::timeout(std::time::Duration::from_secs(3), &mut server)
                .await
                .is_err()
            {
                server.abort();
            }
        }
    }
}

impl Drop for PeSandbox {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(true);
        }
        if let Some(s) = self.server.take() {
            s.abort();
        }
    }
}
