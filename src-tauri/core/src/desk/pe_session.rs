//! Connecting PostEverywhere beside the Layers session: the key is checked by reading the
//! accounts (each with its health), and from then on the outbox sends PostEverywhere plans
//! too. The accounts read are kept for the composer's checks.

use std::sync::atomic::Ordering;

use super::{lock, Desk};
use crate::error::{DeskError, Result};
use crate::pe::wire::AccountWire;
use crate::pe::{Network, PeClient};

/// A PostEverywhere account as the picker shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PeAccount {
    pub id: i64,
    /// None for a network this build does not know (shown, never postable).
    pub network: Option<Network>,
    pub platform: String,
    pub name: String,
    pub can_post: bool,
    /// Why it cannot post, or what needs care (`token_expiring_soon`).
    pub reasons: Vec<String>,
    pub token_expires_at: Option<String>,
}

impl From<AccountWire> for PeAccount {
    fn from(a: AccountWire) -> PeAccount {
        let health = a.health.clone();
        let network = Network::parse(&a.platform);
        // An account the docs say nothing on is taken as able to post only when it says so.
        let can_post = network.is_some()
            && a.is_active != Some(false)
            && health.as_ref().and_then(|h| h.can_post).unwrap_or(false);
        let mut reasons = health
            .as_ref()
            .map(|h| h.reasons.clone())
            .unwrap_or_default();
        if network.is_none() {
            reasons.push(format!(
                "{} is a network this version cannot post to",
                a.platform
            ));
        }
        PeAccount {
            id: a.id,
            network,
            platform: a.platform,
            name: a.account_name,
            can_post,
            reasons,
            token_expires_at: health.and_then(|h| h.token.and_then(|t| t.expires_at)),
        }
    }
}

pub(crate) struct PeSession {
    pub client: PeClient,
    pub accounts: Vec<PeAccount>,
}

impl Desk {
    /// Checks `client`'s key by listing its accounts, then sends PostEverywhere plans
    /// through it. A wrong key fails here, naming the field.
    pub async fn connect_posteverywhere(&self, client: PeClient) -> Result<Vec<PeAccount>> {
        let accounts: Vec<PeAccount> = match client.accounts().await {
            Ok(list) => list.into_iter().map(PeAccount::from).collect(),
            Err(e) if e.code() == "invalid_api_key" => return Err(DeskError::invalid(
                "peApiKey",
                "PostEverywhere does not know this key (check it was copied whole and not deleted)",
            )),
            Err(e) => return Err(e.into()),
        };
        *lock(&self.pe) = Some(PeSession {
            client,
            accounts: accounts.clone(),
        });
        self.restart_outbox()?;
        Ok(accounts)
    }

    /// The accounts as last read (empty before a PostEverywhere connection).
    pub fn pe_accounts(&self) -> Vec<PeAccount> {
        lock(&self.pe)
            .as_ref()
            .map(|s| s.accounts.clone())
            .unwrap_or_default()
    }

    pub(crate) fn pe_client(&self) -> Option<PeClient> {
        lock(&self.pe).as_ref().map(|s| s.client.clone())
    }

    /// A running outbox is started again so it sends through the current services.
    fn restart_outbox(&self) -> Result<()> {
        let running = lock(&self.session).as_ref().map(|s| {
            (
                s.client.clone(),
                s.info.clone(),
                s.projects.clone(),
                s.outbox.is_some(),
            )
        });
        if let Some((client, info, projects, true)) = running {
            lock(&self.session).take();
            let online = self.online.load(Ordering::Relaxed);
            self.start_session(client, info, projects, online)?;
        }
        Ok(())
    }
}
