//! What the app holds while it runs: core's `Desk`, the keychain, and the in-process
//! sandbox when the user chose to try it.

use std::net::SocketAddr;
use std::sync::Arc;

use layers_core::model::OAuthStart;
use layers_core::secrets::KeyStore;
use layers_core::{Desk, DeskError};
use layers_sandbox::{Sandbox, SandboxConfig};
use tokio::sync::Mutex;

use crate::oauth_return::ReturnPage;

pub struct AppState {
    pub desk: Arc<Desk>,
    pub keys: Box<dyn KeyStore>,
    sandbox: Mutex<Option<Sandbox>>,
    sandbox_addr: Option<SocketAddr>,
    /// The loopback page OAuth sign-ins return to, up while one is open.
    pub return_page: Arc<ReturnPage>,
}

impl AppState {
    pub fn new(
        desk: Arc<Desk>,
        keys: Box<dyn KeyStore>,
        sandbox_addr: Option<SocketAddr>,
        return_page: Arc<ReturnPage>,
    ) -> AppState {
        AppState {
            desk,
            keys,
            sandbox: Mutex::new(None),
            sandbox_addr,
            return_page,
        }
    }

    /// Starts a sign-in: the return page comes up, `begin` asks the API for the link with
    /// the return URL, and the page then waits for that flow (or stops again if none began).
    pub async fn begin_oauth<F, Fut>(&self, begin: F) -> Result<OAuthStart, DeskError>
    where
        F: FnOnce(String) -> Fut,
        Fut: std::future::Future<Output = Result<OAuthStart, DeskError>>,
    {
        self.return_page.starting().await.map_err(|e| {
            DeskError::unavailable(format!("the page sign-ins return to could not start: {e}"))
        })?;
        let started = match self.desk.oauth_return() {
            Ok(r) => begin(r.url).await,
            Err(e) => Err(e),
        };
        match &started {
            Ok(s) => {
                self.return_page
                    .started(&s.state, Some(s.expires_at.as_str()))
                    .await
            }
            Err(_) => self.return_page.start_failed().await,
        }
        started
    }

    /// Starts the built-in Layers emulator on a loopback port (once) and connects to it with
    /// its demo key, which stays in memory.
    pub async fn connect_sandbox(
        &self,
    ) -> Result<layers_core::model::AppStatus, layers_core::DeskError> {
        let mut guard = self.sandbox.lock().await;
        if guard.is_none() {
            // A teammate's posts too, so the calendar shows a team's schedule.
            let mut config = SandboxConfig {
                team_posts: true,
                ..SandboxConfig::default()
            };
            if let Some(addr) = self.sandbox_addr {
                config.addr = addr;
            }
            let sandbox = Sandbox::start(config).await.map_err(|e| {
                layers_core::DeskError::unavailable(format!("the sandbox could not start: {e}"))
            })?;
            *guard = Some(sandbox);
        }
        let sandbox = guard.as_ref().expect("started above");
        let fixture = serde_json::to_value(sandbox.fixture())
            .map_err(|e| layers_core::DeskError::unavailable(e.to_string()))?;
        let key = fixture
            .pointer("/apiKeys/0/key")
            .and_then(|k| k.as_str())
            .ok_or_else(|| {
                layers_core::DeskError::unavailable("the sandbox fixture has no API key")
            })?
            .to_string();
        let project = fixture.pointer("/projectId").and_then(|p| p.as_str());
        self.desk
            .connect(&sandbox.url(), &key, true, project, self.keys.as_ref())
            .await
    }

    pub async fn stop_sandbox(&self) {
        if let Some(s) = self.sandbox.lock().await.take() {
            s.shutdown().await;
        }
    }
}
