//! Accounts in the app: connect and reconnect through OAuth, revoke, and leased accounts.

use serde_json::json;

use super::{lock, Desk};
use crate::api::accounts::LeaseRequestWire;
use crate::api::ApiError;
use crate::error::{DeskError, Result};
use crate::model::*;
use crate::oauth_return;

/// The partner's own OAuth return page, when set (non-secret; the key's allowlist is the
/// server's).
const SETTING_RETURN_URL: &str = "oauth_return_url";

/// Lease request ids the user made, with their last known state (the API has no list call).
const SETTING_LEASE_REQUESTS: &str = "lease_requests";
const PLATFORMS: [&str; 2] = ["tiktok", "instagram"];
/// The API takes at most this many accounts in one lease request.
pub const MAX_LEASE_COUNT: u32 = 20;
const MAX_NOTE_CHARS: usize = 1024;

/// Every word the pages use for an OAuth flow's outcome (docs/api-open-points.md,
/// `oauth-status`): `success` on the return URL, `completed` in examples.
fn phase_of(status: &str) -> OAuthPhase {
    match status.to_ascii_lowercase().as_str() {
        "completed" | "complete" | "success" | "succeeded" | "connected" => OAuthPhase::Completed,
        "failed" | "failure" | "error" | "denied" | "canceled" | "cancelled" => OAuthPhase::Failed,
        "expired" => OAuthPhase::Expired,
        // A future in-between state still means "not done yet".
        _ => OAuthPhase::Pending,
    }
}

fn lease_final(status: &str) -> bool {
    matches!(status, "assigned" | "rejected" | "failed" | "canceled")
}

/// The flow the API started: for a reconnect, the account it renews (the API may name it;
/// else the one asked for). A refused return URL becomes the error naming it.
fn started(
    answer: std::result::Result<crate::api::accounts::OAuthUrlWire, ApiError>,
    return_url: &str,
    reconnecting: Option<&str>,
) -> Result<OAuthStart> {
    let w = answer.map_err(|e| return_url_refused(e, return_url))?;
    Ok(OAuthStart {
        state: w.state,
        authorize_url: w.authorize_url,
        expires_at: w.expires_at,
        social_account_id: reconnecting
            .map(|asked| w.social_account_id.unwrap_or_else(|| asked.to_string())),
    })
}

/// `403 RETURN_URL_NOT_ALLOWED` says which URL to have Layers allowlist, exactly.
fn return_url_refused(e: ApiError, return_url: &str) -> DeskError {
    match e {
        ApiError::Http {
            status,
            code,
            request_id,
            details,
            retry_after,
            ..
        } if code == "RETURN_URL_NOT_ALLOWED" => {
            let mut details = match details {
                serde_json::Value::Object(m) => m,
                _ => serde_json::Map::new(),
            };
            details.insert("returnUrl".into(), json!(return_url));
            ApiError::Http {
                status,
                code,
                message: format!(
                    "this API key does not allow sign-ins to return to {return_url}. Ask Layers to add exactly {return_url} to the key's allowed return URLs, or set a return page of your own that the key allows"
                ),
                request_id,
                details: serde_json::Value::Object(details),
                retry_after,
            }
            .into()
        }
        other => other.into(),
    }
}

/// The platform scopes a reconnect asks for again: what publishing needs. The pages show
/// the `scopes` field but not its values (docs/api-open-points.md, `reauth-scopes`).
fn publish_scopes(platform: Option<&str>) -> &'static [&'static str] {
    match platform {
        Some("instagram") => &[
            "instagram_business_basic",
            "instagram_business_content_publish",
        ],
        _ => &["user.info.basic", "video.upload", "video.publish"],
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
        .is_some_and(|n| crate::rules::text_len(n) > MAX_NOTE_CHARS)
    {
        return Err(DeskError::invalid(
            "note",
            format!("at most {MAX_NOTE_CHARS} characters"),
        ));
    }
    Ok(())
}

impl Desk {
    /// The URL sign-ins return to.
    pub fn oauth_return(&self) -> Result<OAuthReturn> {
        let custom = self.store.setting(SETTING_RETURN_URL)?;
        Ok(OAuthReturn {
            custom: custom.is_some(),
            url: custom.unwrap_or_else(oauth_return::loopback_url),
            loopback_url: oauth_return::loopback_url(),
        })
    }

    /// Sets the partner's own return page (https), or goes back to the loopback URL (None).
    pub fn set_oauth_return(&self, url: Option<&str>) -> Result<OAuthReturn> {
        let checked = url
            .filter(|u| !u.trim().is_empty())
            .map(oauth_return::check_custom)
            .transpose()?;
        self.store
            .set_setting(SETTING_RETURN_URL, checked.as_deref())?;
        self.oauth_return()
    }

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
            .await;
        started(w, return_url, None)
    }

    /// Starts renewing an account's token; the account keeps its id and its queued posts.
    pub async fn start_reconnect(&self, account_id: &str, return_url: &str) -> Result<OAuthStart> {
        let (client, info) = self.session()?;
        let platform = self
            .store
            .accounts(&info.project_id)?
            .into_iter()
            .find(|a| a.social_account_id == account_id)
            .map(|a| a.platform);
        let w = client
            .reauth_url(
                &info.project_id,
                account_id,
                return_url,
                publish_scopes(platform.as_deref()),
            )
            .await;
        started(w, return_url, Some(account_id))
    }

    /// Where an OAuth flow stands. Once it completed, the accounts are read again, so the
    /// new (or renewed) account is in the list when this returns.
    pub async fn oauth_progress(&self, state: &str) -> Result<OAuthProgress> {
        let (client, _) = self.session()?;
        // A state the API no longer knows (gone after it ended) reads as expired; the
        // accounts are read again in case it ended well.
        let w = match client.oauth_status(state).await {
            Err(e) if e.code() == "NOT_FOUND" => {
                self.refresh().await?;
                return Ok(OAuthProgress {
                    state: state.to_string(),
                    phase: OAuthPhase::Expired,
                    social_account_id: None,
                    error: None,
                    expires_at: None,
                });
            }
            other => other?,
        };
        let phase = phase_of(&w.status);
        if phase == OAuthPhase::Completed {
            self.refresh().await?;
        }
        Ok(OAuthProgress {
            state: state.to_string(),
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
        let (client, info) = self.session()?;
        // Where the release route does not exist, the account's revoke is documented to be
        // the release too (docs/api-open-points.md, `lease-release`): only for an account
        // the cache knows as leased, so the partner's own account is never revoked by it.
        let leased = self
            .store
            .accounts(&info.project_id)?
            .iter()
            .any(|a| a.social_account_id == account_id && a.leased);
        let w = match client.release_lease(account_id).await {
            Err(e) if e.code() == "NOT_FOUND" && leased => {
                client.revoke_account(account_id).await?
            }
            other => other?,
        };
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
            .map_err(|e| DeskError::Internal(format!("lease requests: {e}")))?;
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
        // Every state but a final one is asked about again: the pages plan in-between states
        // (docs/api-open-points.md, `lease-states`).
        for view in all.iter_mut().filter(|v| !lease_final(&v.status)) {
            match client
                .lease_request(&info.project_id, &view.request_id)
                .await
            {
                Ok(w) => {
                    let fresh = lease_view(w, Some(view));
                    assigned |= fresh.assigned_count > view.assigned_count;
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
