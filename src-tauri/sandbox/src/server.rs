//! `Sandbox`: binds, runs the HTTP server and the publisher, shuts them down.

use crate::clock::Clock;
use crate::config::SandboxConfig;
use crate::ctx::{Ctx, SharedCtx};
use crate::fixture::{initial_state, Fixture};
use crate::state::State;
use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// A running sandbox. Dropping it stops the server too (without waiting).
pub struct Sandbox {
    addr: SocketAddr,
    ctx: SharedCtx,
    shutdown: Option<watch::Sender<bool>>,
    server: Option<JoinHandle<()>>,
    publisher: Option<JoinHandle<()>>,
}

impl Sandbox {
    /// Binds `config.addr` and spawns the server and the publisher on the current runtime.
    pub async fn start(config: SandboxConfig) -> io::Result<Sandbox> {
        Self::start_inner(config, None).await
    }

    /// Like `start`, but loads state from `path` when it exists and writes it after every change.
    pub async fn start_with_state_file(
        config: SandboxConfig,
        path: impl Into<PathBuf>,
    ) -> io::Result<Sandbox> {
        Self::start_inner(config, Some(path.into())).await
    }

    async fn start_inner(
        config: SandboxConfig,
        state_file: Option<PathBuf>,
    ) -> io::Result<Sandbox> {
        config
            .faults
            .validate()
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        // A sandbox on the network would give anyone there its demo keys and admin routes.
        if !config.addr.ip().is_loopback() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "the sandbox listens on loopback only (127.0.0.1 or ::1), not {}",
                    config.addr
                ),
            ));
        }
        let listener = tokio::net::TcpListener::bind(config.addr).await?;
        let addr = listener.local_addr()?;
        let clock = Clock::default();
        let base_url = format!("http://{addr}");
        let state = match &state_file {
            Some(path) if path.exists() => {
                let bytes = std::fs::read(path)?;
                let state: State = serde_json::from_slice(&bytes).map_err(|e| {
                    io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("bad state file {}: {e}", path.display()),
                    )
                })?;
                let mut state = state;
                crate::demo_media::rebase_state(&mut state, &base_url);
                if let Some(saved) = state.saved_at {
                    if saved > clock.now() {
                        clock.set_now(saved);
                    }
                }
                state
            }
            _ => {
                let mut state = initial_state(clock.now(), &base_url);
                if config.team_posts {
                    crate::team_posts::seed(&mut state, clock.now());
                }
                state
            }
        };
        let ctx: SharedCtx = Arc::new(Ctx::new(state, clock, &config, base_url, state_file));
        ctx.persist();
        let (tx, rx) = watch::channel(false);
        let app = crate::routes::router(ctx.clone()).layer(axum::middleware::from_fn_with_state(
            crate::local_only::rules(addr.port()),
            crate::local_only::guard,
        ));
        let server = serve(listener, app, rx.clone(), "sandbox server");
        let publisher = tokio::spawn(crate::publisher::run(ctx.clone(), rx));
        Ok(Sandbox {
            addr,
            ctx,
            shutdown: Some(tx),
            server: Some(server),
            publisher: Some(publisher),
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Same JSON as `GET /_sandbox/fixture`.
    pub fn fixture(&self) -> Fixture {
        Fixture::from_state(&self.ctx.state())
    }

    /// Stops the server (waiting up to 3 s for open connections) and the publisher.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(true);
        }
        if let Some(mut server) = self.server.take() {
            if tokio::time::timeout(Duration::from_secs(3), &mut server)
                .await
                .is_err()
            {
                server.abort();
            }
        }
        if let Some(publisher) = self.publisher.take() {
            let _ = publisher.await;
        }
        self.ctx.persist();
    }
}

/// Serves `app` on `listener` until `stop` turns true, then lets open connections finish.
pub(crate) fn serve(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    mut stop: watch::Receiver<bool>,
    name: &'static str,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let until = async move {
            while !*stop.borrow() {
                if stop.changed().await.is_err() {
                    break;
                }
            }
        };
        let served = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(until)
        .await;
        if let Err(e) = served {
            tracing::error!("{name} stopped: {e}");
        }
    })
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(true);
        }
        if let Some(s) = self.server.take() {
            s.abort();
        }
        if let Some(p) = self.publisher.take() {
            p.abort();
        }
    }
}

#[cfg(test)]
mod tests {
    fn send_sync<T: Send + Sync>() {}

    #[test]
    fn sandbox_can_be_shared_across_threads() {
        send_sync::<super::Sandbox>();
        send_sync::<crate::Fixture>();
    }
}
