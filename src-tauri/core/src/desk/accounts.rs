//! Accounts in the app: connect and reconnect through OAuth, revoke, and leased accounts.

use serde_json::json;

use super::{lock, Desk};
use crate::api::accounts::LeaseRequestWire;
use crate::error::{DeskError, Result};
use crate::model::*;

/// Lease request ids the user made, with their last known state (the API has no list call).
const SETTING_LEASE_REQUESTS: &str = "lease_requests";
const PLATFORMS: [&str; 2] = ["tiktok", "instagram"];
/// The API takes at most this many accounts in one lease request.
pub const MAX_LEASE_COUNT: u32 = 20;
const MAX_NOTE_CHARS: usize = 1024;

fn phase_of(status: &str) -> OAuthPhase {
    match status {
        "completed" => OAuthPhase::Completed,
        "failed" => OAuthPhase::Failed,
        "expired" => OAuthPhase::Expired,
        // A future in-between state still means "not done yet".
        _ => OAuthPhase::Pending,
    }
}

fn lease_view(w: LeaseRequestWire, fallback: Option<&LeaseRequestView>) -> LeaseRequestView {
    let vertical = w
        .niche
        .as_ref()
        .and_then(|n| n.get("vertical"))
        .and_then(|v| v.as_str())
        .map(str::to_string)
        .or_else(|| fallback.map(|f| f.vertical.clone()))
        .unwrap_or_default();
    LeaseRequestView {
        request_id: w.request_id,
        status: w.status,
        count: w.count.or(fallback.map(|f| f.count)).unwrap_or(0),
        vertical,
        submitted_at: w.submitted_at,
        decided_at: w.decided_at,
        assigned_count: w.assigned_count.unwrap_or(0),
        reason: w.reason,
    }
}

/// Checks a lease request the way the API will, naming the field of each problem.
pub fn check_lease_input(input: &LeaseRequestInput) -> Result<()> {
    if !(1..=MAX_LEASE_COUNT).contains(&input.count) {
        return Err(DeskError::invalid(
            "count",
            format!("ask for 1 to {MAX_LEASE_COUNT} accounts"),
        ));
    }
    if input.vertical.trim().is_empty() {
        return Err(DeskError::invalid(
            "vertical",
            "say what the accounts are about (for example fitness)",
        ));
    }
    for r in &input.regions {
        if r.len() != 2 || !r.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(DeskError::invalid(
                "regions",
                format!("\"{r}\" is not a two-letter country code such as US"),
            ));
        }
    }
    if input
        .note
        .as_deref()
        .is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS)
    {
        return Err(DeskError::invalid(
            "note",
            format!("at most {MAX_NOTE_CHARS} characters"),
        ));
    }
    Ok(())
}

impl Desk {
    /// Starts connecting a new account: the URL to open in the browser, and the state to poll.
    pub async fn start_connect(&self, platform: &str, return_url: &str) -> Result<OAuthStart> {
        if !PLATFORMS.contains(&platform) {
            return Err(DeskError::invalid("platform", "pick TikTok or Instagram"));
        }
        let (client, info) = self.session()?;
        let note = format!(
            "Connect this account so {} can publish to it from Layers Desk.",
            info.organization_name
        );
        let w = client
            .oauth_url(&info.project_id, platform, return_url, &note)
            .await?;
        Ok(OAuthStart {
            state: w.state,
            authorize_url: w.authorize_url,
            expires_at: w.expires_at,
            social_account_id: None,
        })
    }

    /// Starts renewing an account's token; the account keeps its id and its queued posts.
    pub async fn start_reconnect(&self, account_id: &str, return_url: &str) -> Result<OAuthStart> {
        let (client, info) = self.session()?;
        let w = client
            .reauth_url(&info.project_id, account_id, return_url)
            .await?;
        Ok(OAuthStart {
            state: w.state,
            authorize_url: w.authorize_url,
            expires_at: w.expires_at,
            social_account_id: Some(
                w.social_account_id
                    .unwrap_or_else(|| account_id.to_string()),
            ),
        })
    }

    /// Where an OAuth flow stands. Once it completed, the accounts are read again, so the
    /// new (or renewed) account is in the list when this returns.
    pub async fn oauth_progress(&self, state: &str) -> Result<OAuthProgress> {
        let (client, _) = self.session()?;
        let w = client.oauth_status(state).await?;
        let phase = phase_of(&w.status);
        if phase == OAuthPhase::Completed {
            self.refresh().await?;
        }
        Ok(OAuthProgress {
            state: w.state,
            phase,
            social_account_id: w.social_account_id,
            error: w.error,
            expires_at: w.expires_at,
        })
    }

    /// How many posts revoking this account would cancel or stop, from the local queue.
    pub fn queued_posts_for_account(&self, account_id: &str) -> Result<u32> {
        let info = self.local_connection()?;
        Ok(self
            .store
            .queued_posts_for_account(&info.project_id, account_id)?)
    }

    /// Revokes the account. The server cancels its queued posts; the refresh that follows
    /// ends the local plans that can no longer go out, each with the reason.
    pub async fn revoke_account(&self, account_id: &str) -> Result<RevokeOutcome> {
        let (client, _) = self.session()?;
        let w = client.revoke_account(account_id).await?;
        self.store.poll_account_now(account_id)?;
        self.after_account_change().await;
        Ok(RevokeOutcome {
            social_account_id: account_id.to_string(),
            canceled_scheduled_posts: w.canceled_scheduled_posts,
        })
    }

    /// Releases a leased account: its queued posts are canceled and billing stops at the
    /// next renewal (the current month is not refunded).
    pub async fn release_lease(&self, account_id: &str) -> Result<RevokeOutcome> {
        let (client, _) = self.session()?;
        let w = client.release_lease(account_id).await?;
        self.store.poll_account_now(account_id)?;
        self.after_account_change().await;
        Ok(RevokeOutcome {
            social_account_id: account_id.to_string(),
            canceled_scheduled_posts: w.canceled_scheduled_posts,
        })
    }

    async fn after_account_change(&self) {
        if let Err(e) = self.refresh().await {
            tracing::warn!(error = %e, "accounts not read again after a change");
        }
        self.wake.notify_one();
    }

    pub async fn request_lease(&self, input: &LeaseRequestInput) -> Result<LeaseRequestView> {
        check_lease_input(input)?;
        let (client, info) = self.session()?;
        let mut niche = json!({ "vertical": input.vertical.trim() });
        if let Some(a) = input.audience.as_deref().filter(|a| !a.trim().is_empty()) {
            niche["audience"] = json!(a.trim());
        }
        if let Some(l) = input.language.as_deref().filter(|l| !l.trim().is_empty()) {
            niche["language"] = json!(l.trim());
        }
        if !input.regions.is_empty() {
            niche["geo"] = json!(input.regions);
        }
        let mut body =
            json!({ "projectId": info.project_id, "count": input.count, "niche": niche });
        if let Some(n) = input.note.as_deref().filter(|n| !n.trim().is_empty()) {
            body["note"] = json!(n);
        }
        let w = client.request_lease(&info.project_id, body).await?;
        let mut view = lease_view(w, None);
        view.count = input.count;
        view.vertical = input.vertical.trim().to_string();
        let mut all = self.lease_requests()?;
        all.insert(0, view.clone());
        self.save_lease_requests(&all)?;
        Ok(view)
    }

    /// The lease requests made from this app, newest first, as last seen.
    pub fn lease_requests(&self) -> Result<Vec<LeaseRequestView>> {
        Ok(self
            .store
            .setting(SETTING_LEASE_REQUESTS)?
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default())
    }

    fn save_lease_requests(&self, all: &[LeaseRequestView]) -> Result<()> {
        let text = serde_json::to_string(all)
            .map_err(|e| DeskError::invalid("leaseRequests", e.to_string()))?;
        self.store
            .set_setting(SETTING_LEASE_REQUESTS, Some(&text))?;
        Ok(())
    }

    /// Asks the API about every request still open; reads the accounts again when one was
    /// assigned, so the new accounts show up.
    pub async fn refresh_lease_requests(&self) -> Result<Vec<LeaseRequestView>> {
        let (client, info) = self.session()?;
        let mut all = self.lease_requests()?;
        let mut assigned = false;
        for view in all.iter_mut().filter(|v| v.status == "requested") {
            match client
                .lease_request(&info.project_id, &view.request_id)
                .await
            {
                Ok(w) => {
                    let fresh = lease_view(w, Some(view));
                    assigned |= fresh.status != "requested" && fresh.assigned_count > 0;
                    *view = fresh;
                }
                Err(e) => {
                    *lock(&self.last_sync_error) = Some(e.message());
                    return Err(e.into());
                }
            }
        }
        self.save_lease_requests(&all)?;
        if assigned {
            self.after_account_change().await;
        }
        Ok(all)
    }
}
