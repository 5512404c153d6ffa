//! `Desk`: what the app (and later the CLI) can ask of core. Each method is one user action
//! or one read; business rules live in the modules it calls.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use serde::{Deserialize, Serialize};
use tokio::sync::Notify;
use tokio::task::JoinHandle;

use crate::api::wire::{PlanBody, TargetBody};
use crate::api::{parse_base_url, ApiError, ApiKey, Client};
use crate::changes::Changes;
use crate::error::{DeskError, Result};
use crate::model::*;
use crate::outbox::{Links, Outbox, OutboxConfig};
use crate::plan_machine::{self, PlanEvent};
use crate::secrets::KeyStore;
use crate::store::{NewPlan, NewTarget, Store};
use crate::{rules, schedule_time};
use chrono::Utc;

mod accounts;
mod attention;
mod integrity;
mod queue_page;
pub use queue_page::MAX_PAGE_PLANS;
mod reconnect;
mod review;

pub(crate) const DB_FILE: &str = "layers-desk.sqlite3";
const SETTING_CONNECTION: &str = "connection";

/// The last connection, kept (without its key) so the app can reopen offline.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct SavedConnection {
    info: ConnectionInfo,
}

struct Session {
    info: ConnectionInfo,
    client: Client,
    outbox: Option<JoinHandle<()>>,
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Some(outbox) = &self.outbox {
            outbox.abort();
        }
    }
}

pub struct Desk {
    store: Arc<Store>,
    data_dir: PathBuf,
    changes: Changes,
    wake: Arc<Notify>,
    online: Arc<AtomicBool>,
    outbox_config: OutboxConfig,
    session: Mutex<Option<Session>>,
    last_sync_error: Mutex<Option<String>>,
    notice: Arc<Mutex<Option<String>>>,
    /// Whether a session runs the outbox. The CLI turns it off for commands that only read
    /// or edit, so that only `sync` sends.
    sending: AtomicBool,
    /// The app is connecting the way it was last used: the UI shows the saved queue (or
    /// waits) instead of asking for a key.
    reconnecting: AtomicBool,
    /// Meanwhile, the connection it reconnects to, whose local queue can already be read.
    reconnecting_to: Mutex<Option<ConnectionInfo>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Desk {
    /// Opens (or creates) the data folder and its database.
    pub fn open(data_dir: &Path, outbox_config: OutboxConfig) -> Result<Desk> {
        crate::store::create_private_dir(data_dir).map_err(|e| {
            DeskError::invalid(
                "dataDir",
                format!("cannot create the data folder {}: {e}", data_dir.display()),
            )
        })?;
        let store = Store::open(&data_dir.join(DB_FILE))?;
        Ok(Desk {
            store: Arc::new(store),
            data_dir: data_dir.to_path_buf(),
            changes: Changes::default(),
            wake: Arc::new(Notify::new()),
            online: Arc::new(AtomicBool::new(true)),
            outbox_config,
            session: Mutex::new(None),
            last_sync_error: Mutex::new(None),
            notice: Arc::new(Mutex::new(None)),
            sending: AtomicBool::new(true),
            reconnecting: AtomicBool::new(false),
            reconnecting_to: Mutex::new(None),
        })
    }

    /// Chooses whether sessions started from now on run the outbox.
    pub fn set_sending(&self, on: bool) {
        self.sending.store(on, Ordering::Relaxed);
    }

    /// Starts the outbox of the current session if it is not running (after `set_sending`).
    pub fn start_sending(&self) -> Result<()> {
        self.set_sending(true);
        let current = lock(&self.session)
            .as_ref()
            .map(|s| (s.client.clone(), s.info.clone(), s.outbox.is_some()));
        match current {
            Some((client, info, false)) => {
                let online = self.online.load(Ordering::Relaxed);
                self.start_session(client, info, online)
            }
            Some(_) => Ok(()),
            None => Err(DeskError::NotConnected),
        }
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn changes(&self) -> Changes {
        self.changes.clone()
    }

    pub fn status(&self) -> Result<AppStatus> {
        let connection = self.local_connection().ok();
        let waiting_plans = match &connection {
            Some(c) => self.store.waiting_plans(&c.project_id)?,
            None => 0,
        };
        Ok(AppStatus {
            connection,
            online: self.online.load(Ordering::Relaxed),
            waiting_plans,
            reconnecting: self.reconnecting.load(Ordering::Relaxed),
            last_sync_error: lock(&self.notice)
                .clone()
                .or_else(|| lock(&self.last_sync_error).clone()),
        })
    }

    /// Connects with a key the user typed. On success the key goes to the keychain (unless
    /// this is the sandbox, whose demo key is never stored) and the base URL to settings.
    /// `project_id` picks the project; by default the one used last, else the newest.
    pub async fn connect(
        &self,
        base_url: &str,
        api_key: &str,
        sandbox: bool,
        project_id: Option<&str>,
        keys: &dyn KeyStore,
    ) -> Result<AppStatus> {
        let base = parse_base_url(base_url)?;
        let key = ApiKey::parse(api_key)?;
        let client = Client::new(base.clone(), key.clone());
        let saved = self.saved_connection()?;
        let last = saved.as_ref().map(|s| s.info.project_id.clone());
        match self
            .identify(client.clone(), sandbox, project_id.or(last.as_deref()))
            .await
        {
            Ok((info, client)) => {
                if !sandbox {
                    keys.save(base.as_str(), &key)?;
                }
                self.start_session(client, info, true)?;
                self.refresh().await.ok();
            }
            // Offline, or the API failing for now, with a known connection: work from the
            // cache and send later.
            Err(DeskError::Api(e)) if e.is_retryable() => {
                let Some(saved) = saved.filter(|s| s.info.base_url == base.as_str()) else {
                    return Err(DeskError::Api(e));
                };
                *lock(&self.last_sync_error) = Some(e.message());
                self.start_session(client, saved.info, false)?;
            }
            Err(e) => return Err(e),
        }
        self.status()
    }

    /// Reopens the last live connection with the key from the keychain. Works offline: the
    /// cached project and queue are shown and the outbox sends once the API answers.
    /// Returns false when there is nothing to resume.
    pub async fn resume(&self, keys: &dyn KeyStore) -> Result<bool> {
        let Some(saved) = self.saved_connection()? else {
            return Ok(false);
        };
        if saved.info.sandbox {
            return Ok(false);
        }
        let base = parse_base_url(&saved.info.base_url)?;
        let Some(key) = keys.load(base.as_str())? else {
            return Ok(false);
        };
        let client = Client::new(base, key);
        match self
            .identify(client.clone(), false, Some(&saved.info.project_id))
            .await
        {
            Ok((info, client)) => {
                self.start_session(client, info, true)?;
                self.refresh().await.ok();
            }
            Err(DeskError::Api(e)) if e.is_retryable() => {
                *lock(&self.last_sync_error) = Some(e.message());
                self.start_session(client, saved.info, false)?;
            }
            Err(e) => return Err(e),
        }
        Ok(true)
    }

    /// The base URL of the last connection, if any.
    pub fn last_base_url(&self) -> Result<Option<String>> {
        Ok(self.saved_connection()?.map(|s| s.info.base_url))
    }

    /// Whether the last session was the sandbox (the app then starts it again).
    pub fn last_was_sandbox(&self) -> Result<bool> {
        Ok(self.saved_connection()?.is_some_and(|s| s.info.sandbox))
    }

    fn saved_connection(&self) -> Result<Option<SavedConnection>> {
        Ok(self
            .store
            .setting(SETTING_CONNECTION)?
            .and_then(|s| serde_json::from_str(&s).ok()))
    }

    /// Checks the key and picks the project; returns the client paced to the key's tier.
    async fn identify(
        &self,
        client: Client,
        sandbox: bool,
        preferred_project: Option<&str>,
    ) -> Result<(ConnectionInfo, Client)> {
        let who = client.whoami().await?;
        let projects = client.projects().await?;
        let preferred = preferred_project
            .and_then(|id| projects.iter().position(|p| p.id == id))
            .unwrap_or(0);
        let project = projects.into_iter().nth(preferred).ok_or_else(|| {
            DeskError::invalid("apiKey", "this API key's organization has no project yet")
        })?;
        let info = ConnectionInfo {
            base_url: client.base_url().to_string(),
            sandbox,
            project_name: project.name.unwrap_or_else(|| project.id.clone()),
            project_id: project.id,
            organization_name: who.organization_name.unwrap_or(who.organization_id),
        };
        Ok((info, client.with_tier(who.rate_limit_tier.as_deref())))
    }

    fn start_session(&self, client: Client, info: ConnectionInfo, online: bool) -> Result<()> {
        let saved = serde_json::to_string(&SavedConnection { info: info.clone() })
            .map_err(|e| DeskError::invalid("connection", e.to_string()))?;
        self.store.set_setting(SETTING_CONNECTION, Some(&saved))?;
        self.online.store(online, Ordering::Relaxed);
        let outbox = Outbox::new(
            self.store.clone(),
            client.clone(),
            info.project_id.clone(),
            self.outbox_config.clone(),
            Links {
                changes: self.changes.clone(),
                wake: self.wake.clone(),
                online: self.online.clone(),
                notice: self.notice.clone(),
                data_dir: self.data_dir.clone(),
            },
        );
        let handle = self
            .sending
            .load(Ordering::Relaxed)
            .then(|| tokio::spawn(outbox.run()));
        *lock(&self.session) = Some(Session {
            info,
            client,
            outbox: handle,
        });
        self.changes.send(ChangeTopic::Status);
        Ok(())
    }

    /// Ends the session. Queued plans stay in the store and go out on the next connection.
    pub fn disconnect(&self, keys: &dyn KeyStore) -> Result<AppStatus> {
        lock(&self.reconnecting_to).take();
        if let Some(session) = lock(&self.session).take() {
            if !session.info.sandbox {
                keys.delete(&session.info.base_url)?;
            }
        }
        self.store.set_setting(SETTING_CONNECTION, None)?;
        self.changes.send(ChangeTopic::Status);
        self.status()
    }

    fn session(&self) -> Result<(Client, ConnectionInfo)> {
        lock(&self.session)
            .as_ref()
            .map(|s| (s.client.clone(), s.info.clone()))
            .ok_or(DeskError::NotConnected)
    }

    /// Pulls containers and accounts into the cache.
    pub async fn refresh(&self) -> Result<()> {
        let (client, info) = self.session()?;
        let result = async {
            let containers = client.containers(&info.project_id).await?;
            let accounts = client.accounts(&info.project_id).await?;
            Ok::<_, ApiError>((containers, accounts))
        }
        .await;
        self.online.store(
            !matches!(result, Err(ApiError::Transport { .. })),
            Ordering::Relaxed,
        );
        let (containers, accounts) = match result {
            Ok(v) => v,
            Err(e) => {
                *lock(&self.last_sync_error) = Some(e.message());
                self.changes.send(ChangeTopic::Status);
                return Err(e.into());
            }
        };
        // An item that could not be read may be one the cache holds: keep what is not
        // listed then, so a plan for it is not ended as if its account had gone.
        self.store.replace_containers(
            &info.project_id,
            &containers.items,
            containers.skipped.is_empty(),
        )?;
        self.store.replace_accounts(
            &info.project_id,
            &accounts.items,
            accounts.skipped.is_empty(),
        )?;
        let skipped: Vec<String> = containers
            .skipped
            .into_iter()
            .chain(accounts.skipped)
            .collect();
        // The catalog is only needed for manual music; a key without publish:read still works.
        match client.music().await {
            Ok(catalog) => {
                let tracks: Vec<MusicTrack> = catalog
                    .tracks
                    .into_iter()
                    .map(|t| MusicTrack {
                        id: t.id,
                        title: t.title,
                        author: t.author,
                        duration_s: t
                            .duration
                            .map(|d| d.round().clamp(0.0, f64::from(u32::MAX)) as u32),
                        preview_url: t.preview_url,
                        cover_url: t.cover_url,
                    })
                    .collect();
                self.store.replace_music(&tracks)?;
            }
            Err(e) => tracing::warn!(error = %e, "music catalog not refreshed"),
        }
        self.end_conflicting_plans(&info.project_id)?;
        *lock(&self.last_sync_error) = skipped.first().map(|why| {
            format!(
                "{} listed item(s) could not be read and were left as they were ({why})",
                skipped.len()
            )
        });
        self.changes.send(ChangeTopic::Cache);
        self.changes.send(ChangeTopic::Plans);
        self.changes.send(ChangeTopic::Status);
        Ok(())
    }

    /// After a refresh: a plan not yet sent whose container was rejected or deleted, or
    /// whose account was revoked or needs reauth, ends now with the reason, instead of
    /// failing on the server later. Other plans are untouched.
    fn end_conflicting_plans(&self, project_id: &str) -> Result<()> {
        let accounts = self.store.accounts(project_id)?;
        for plan_id in self.store.unsent_plans(project_id)? {
            let Some(draft) = self.store.plan_draft(&plan_id)? else {
                continue;
            };
            let issues = self.check_plan(&draft)?;
            let blocking: Vec<&Issue> = issues
                .iter()
                .filter(|i| i.severity == Severity::Error && i.path != "scheduledFor")
                .collect();
            let waiting = self
                .store
                .plan(&plan_id)?
                .is_some_and(|p| p.state == PlanState::WaitingAccount);
            // Only accounts needing reconnection in the way: hold the plan, visibly, until
            // they are back, instead of ending it.
            let reauth = reauth_handles(&draft, &accounts);
            if !blocking.is_empty()
                && !reauth.is_empty()
                && blocking
                    .iter()
                    .all(|i| is_reauth_issue(i, &draft, &accounts))
            {
                if !waiting {
                    self.store.mark_waiting_account(
                        &plan_id,
                        &format!(
                            "held until {} {} reconnected; nothing was sent",
                            reauth.join(", "),
                            if reauth.len() == 1 { "is" } else { "are" }
                        ),
                    )?;
                }
                continue;
            }
            if waiting && blocking.is_empty() {
                self.store
                    .release_waiting_account(&plan_id, "every account is connected again")?;
                self.wake.notify_one();
                continue;
            }
            if let Some(first) = blocking.first() {
                let reasons: Vec<String> = blocking
                    .iter()
                    .map(|i| format!("{}: {}", i.path, i.message))
                    .collect();
                self.store.mark_rejected(
                    &plan_id,
                    &ErrorInfo {
                        code: first.code.clone(),
                        message: first.message.clone(),
                        request_id: None,
                    },
                    &format!(
                        "no longer valid after a refresh, so it was not sent: {}",
                        reasons.join("; ")
                    ),
                )?;
            }
        }
        Ok(())
    }

    pub fn containers(&self) -> Result<Vec<Container>> {
        let info = self.local_connection()?;
        Ok(self.store.containers(&info.project_id)?)
    }

    pub fn accounts(&self) -> Result<Vec<Account>> {
        let info = self.local_connection()?;
        Ok(self.store.accounts(&info.project_id)?)
    }

    pub fn plans(&self) -> Result<Vec<PlanSummary>> {
        let info = self.local_connection()?;
        Ok(self.store.plans(&info.project_id, 200)?)
    }

    pub fn music(&self) -> Result<Vec<MusicTrack>> {
        Ok(self.store.music()?)
    }

    /// One plan as the queue lists it, wherever it sits (a notification can point far down).
    pub fn plan(&self, plan_id: &str) -> Result<PlanSummary> {
        self.store
            .plan(plan_id)?
            .ok_or_else(|| DeskError::NotFound(plan_id.to_string()))
    }

    pub fn timeline(&self, plan_id: &str) -> Result<Vec<TimelineEvent>> {
        Ok(self.store.timeline(plan_id)?)
    }

    /// Checks a plan against the rules with what the cache knows; the UI calls this as the
    /// user types, the CLI for `plan validate`.
    pub fn check_plan(&self, draft: &PlanDraft) -> Result<Vec<Issue>> {
        let info = self.local_connection()?;
        let container = self.store.container(&draft.container_id)?;
        let accounts = self.store.accounts(&info.project_id)?;
        let music: Vec<String> = self.store.music()?.into_iter().map(|t| t.id).collect();
        Ok(rules::check(
            draft,
            &rules::Context {
                container: container.as_ref(),
                accounts: &accounts,
                // An empty catalog means it was never fetched: do not flag every track.
                music_track_ids: (!music.is_empty()).then_some(music.as_slice()),
                now: self.outbox_config.clock.now(),
            },
        ))
    }

    /// Queues a plan: checks it, mints its `sp_` ids and idempotency key, freezes its
    /// request body, and stores all of it before anything is sent. Works offline.
    pub fn queue_plan(&self, draft: PlanDraft) -> Result<PlanSummary> {
        let info = self.local_connection()?;
        let issues = self.check_plan(&draft)?;
        if rules::has_errors(&issues) {
            return Err(DeskError::Rules(issues));
        }
        let scheduled_for = resolve_schedule(&draft)?;
        let targets = mint_targets(&draft);
        let body = plan_body(&targets, scheduled_for);
        let send_after = self.send_after(draft.action);
        let plan = NewPlan {
            id: format!("plan_{}", uuid::Uuid::new_v4()),
            project_id: info.project_id,
            queued_detail: describe_plan(&draft, scheduled_for),
            draft,
            scheduled_for,
            idempotency_key: uuid::Uuid::new_v4().to_string(),
            body,
            targets,
            send_after,
        };
        self.store.insert_queued_plan(&plan)?;
        self.plans_changed();
        self.store
            .plan(&plan.id)?
            .ok_or_else(|| DeskError::NotFound(plan.id.clone()))
    }

    /// Saves a draft as the user types (a new one when `plan_id` is None). Drafts are never
    /// sent; rules are checked only when the draft is queued.
    pub fn save_draft(&self, plan_id: Option<&str>, draft: PlanDraft) -> Result<PlanSummary> {
        let info = self.local_connection()?;
        let id = plan_id
            .map(str::to_string)
            .unwrap_or_else(|| format!("plan_{}", uuid::Uuid::new_v4()));
        let targets = mint_targets(&draft);
        if !self
            .store
            .save_draft(&id, &info.project_id, &draft, &targets)?
        {
            return Err(DeskError::conflict(
                "this plan is no longer a draft; pull it back to draft first",
            ));
        }
        self.changes.send(ChangeTopic::Plans);
        self.store
            .plan(&id)?
            .ok_or_else(|| DeskError::NotFound(id.clone()))
    }

    pub fn draft(&self, plan_id: &str) -> Result<PlanDraft> {
        self.store
            .plan_draft(plan_id)?
            .ok_or_else(|| DeskError::NotFound(plan_id.to_string()))
    }

    /// Queues a saved draft: the same checks and freezing as a new plan.
    pub fn queue_draft(&self, plan_id: &str) -> Result<PlanSummary> {
        let draft = self.draft(plan_id)?;
        let issues = self.check_plan(&draft)?;
        if rules::has_errors(&issues) {
            return Err(DeskError::Rules(issues));
        }
        let scheduled_for = resolve_schedule(&draft)?;
        let ids = self.store.target_ids(plan_id)?;
        let targets: Vec<NewTarget> = ids
            .into_iter()
            .zip(draft.targets.iter().cloned())
            .map(|(scheduled_post_id, spec)| NewTarget {
                scheduled_post_id,
                spec,
            })
            .collect();
        let body = plan_body(&targets, scheduled_for);
        let queued = self.store.queue_draft(
            plan_id,
            &uuid::Uuid::new_v4().to_string(),
            &body,
            scheduled_for,
            self.send_after(draft.action),
            &describe_plan(&draft, scheduled_for),
        )?;
        if !queued {
            return Err(DeskError::conflict("this plan is not a draft"));
        }
        self.plans_changed();
        self.store
            .plan(plan_id)?
            .ok_or_else(|| DeskError::NotFound(plan_id.to_string()))
    }

    /// Takes a queued plan back to draft for editing, as long as it was never sent.
    pub fn pull_back(&self, plan_id: &str) -> Result<PlanSummary> {
        if !self.store.pull_back_to_draft(plan_id)? {
            return Err(DeskError::conflict(
                "only a plan that was never sent can go back to draft",
            ));
        }
        self.plans_changed();
        self.store
            .plan(plan_id)?
            .ok_or_else(|| DeskError::NotFound(plan_id.to_string()))
    }

    pub fn delete_draft(&self, plan_id: &str) -> Result<()> {
        if !self.store.delete_draft(plan_id)? {
            return Err(DeskError::conflict("only drafts can be deleted"));
        }
        self.plans_changed();
        Ok(())
    }

    fn send_after(&self, action: PlanAction) -> chrono::DateTime<Utc> {
        match action {
            PlanAction::Publish => self.outbox_config.clock.now() + self.outbox_config.undo_window,
            PlanAction::Schedule => self.outbox_config.clock.now(),
        }
    }

    /// Queues "publish this container now to these accounts" with default settings.
    pub fn publish_now(&self, container_id: &str, account_ids: &[String]) -> Result<PlanSummary> {
        self.queue_plan(PlanDraft {
            container_id: container_id.to_string(),
            action: PlanAction::Publish,
            targets: account_ids.iter().map(|a| TargetSpec::publish(a)).collect(),
            scheduled_for: None,
            time_zone: None,
        })
    }

    /// Takes back a plan that has not been sent (within the undo window, or while it waits
    /// for approval or a decision). Once sent, only its posts can be canceled.
    pub fn cancel_plan(&self, plan_id: &str) -> Result<PlanSummary> {
        if !self
            .store
            .cancel_unsent(plan_id, "canceled before it was sent")?
        {
            return Err(DeskError::conflict(
                "this plan has already been sent (or may have been): cancel its posts instead",
            ));
        }
        self.plans_changed();
        self.store
            .plan(plan_id)?
            .ok_or_else(|| DeskError::NotFound(plan_id.to_string()))
    }

    /// Resolves a plan whose schedule passed while it waited: publish now (`when` None) or
    /// schedule again at `when` in `zone`. The body changes, so the key is new.
    pub fn decide(&self, plan_id: &str, when: Option<(&str, &str)>) -> Result<PlanSummary> {
        let plan = self
            .store
            .plan(plan_id)?
            .ok_or_else(|| DeskError::NotFound(plan_id.to_string()))?;
        if !plan_machine::allows(PlanEvent::Decide, plan.state, plan.attempts) {
            return Err(DeskError::conflict(
                "this plan is not waiting for a decision",
            ));
        }
        let scheduled_for = match when {
            Some((at, zone)) => {
                let r = schedule_time::resolve(at, zone)?;
                if (r.utc - self.outbox_config.clock.now()).num_seconds() < rules::MIN_LEAD_SECONDS
                {
                    return Err(DeskError::invalid(
                        "scheduledFor",
                        "the time must be in the future (at least 30 seconds from now)",
                    ));
                }
                Some(r.utc)
            }
            None => None,
        };
        let draft = self
            .store
            .plan_draft(plan_id)?
            .ok_or_else(|| DeskError::NotFound(plan_id.to_string()))?;
        let targets: Vec<NewTarget> = plan
            .targets
            .iter()
            .zip(draft.targets)
            .map(|(t, spec)| NewTarget {
                scheduled_post_id: t.scheduled_post_id.clone(),
                spec,
            })
            .collect();
        let body = plan_body(&targets, scheduled_for);
        let detail = match scheduled_for {
            Some(at) => format!("rescheduled for {} UTC", at.format("%Y-%m-%d %H:%M")),
            None => "publish now instead of the missed time".to_string(),
        };
        self.store.requeue_decided(
            plan_id,
            &uuid::Uuid::new_v4().to_string(),
            (&body, scheduled_for),
            &detail,
        )?;
        self.plans_changed();
        self.store
            .plan(plan_id)?
            .ok_or_else(|| DeskError::NotFound(plan_id.to_string()))
    }

    /// Cancels one sent post that is still queued on the server (DELETE; the API keeps it
    /// as canceled). Needs the network: the answer says whether it was still cancelable.
    pub async fn cancel_post(&self, scheduled_post_id: &str, reason: Option<&str>) -> Result<()> {
        let (client, _) = self.session()?;
        let target = self.store.poll_target(scheduled_post_id)?.ok_or_else(|| {
            DeskError::invalid("scheduledPostId", "no sent post with this id in the queue")
        })?;
        client.cancel_post(&target.read_id, reason).await?;
        self.store
            .record_post_status(&target, "canceled", None, reason, None)?;
        self.plans_changed();
        Ok(())
    }

    /// Moves one queued post to a new time (the API allows it only while queued).
    pub async fn reschedule_post(
        &self,
        scheduled_post_id: &str,
        when: &str,
        zone: &str,
    ) -> Result<()> {
        let (client, _) = self.session()?;
        let target = self.store.poll_target(scheduled_post_id)?.ok_or_else(|| {
            DeskError::invalid("scheduledPostId", "no sent post with this id in the queue")
        })?;
        let at = schedule_time::resolve(when, zone)?;
        if (at.utc - self.outbox_config.clock.now()).num_seconds() < rules::MIN_LEAD_SECONDS {
            return Err(DeskError::invalid(
                "scheduledFor",
                "the time must be in the future (at least 30 seconds from now)",
            ));
        }
        client
            .reschedule_post(&target.read_id, &crate::api::wire::instant(at.utc))
            .await?;
        // Followed until its new time plus the usual grace, not dropped at the old deadline.
        let deadline = at.utc
            + chrono::Duration::from_std(self.outbox_config.confirm_deadline)
                .unwrap_or(chrono::Duration::hours(1));
        self.store.move_poll_deadline(scheduled_post_id, deadline)?;
        self.store.note(
            &target.plan_id,
            Some(scheduled_post_id),
            "rescheduled",
            &format!("moved to {} UTC ({zone})", at.utc.format("%Y-%m-%d %H:%M")),
        )?;
        self.plans_changed();
        Ok(())
    }

    /// What "text me this post" would send, from the cache: nothing leaves the machine.
    pub fn handoff_preview(
        &self,
        container_id: &str,
        phone: Option<&str>,
    ) -> Result<HandoffPreview> {
        let destination = phone
            .filter(|p| !p.trim().is_empty())
            .map(crate::phone::normalize_e164)
            .transpose()?;
        let container = self
            .store
            .container(container_id)?
            .ok_or_else(|| DeskError::invalid("containerId", "pick a container from the list"))?;
        Ok(HandoffPreview {
            container_id: container_id.to_string(),
            destination,
            media_urls: self.store.container_media(container_id)?,
            caption: container.caption,
            instructions: "Step-by-step posting instructions, written by Layers for this post when the messages go out.".into(),
        })
    }

    /// Sends the handoff. One idempotency key covers the call and its retries, so a retry
    /// after a lost answer never texts the phone twice. Only answers that say nothing went
    /// out are retried: after a provider rejection some parts may have arrived, and whether
    /// the key replays that failure is not documented, so the user decides on a resend
    /// (docs/api-open-points.md, `handoff-partial`).
    pub async fn send_handoff(
        &self,
        container_id: &str,
        phone: Option<&str>,
    ) -> Result<HandoffSent> {
        let (client, _) = self.session()?;
        let preview = self.handoff_preview(container_id, phone)?;
        let key = uuid::Uuid::new_v4().to_string();
        let mut attempt = 0u32;
        let sent = loop {
            attempt += 1;
            match client
                .notify_device(container_id, &key, preview.destination.as_deref())
                .await
            {
                Ok(sent) => break sent,
                Err(e)
                    if nothing_texted(&e)
                        && attempt < 3
                        && e.retry_after()
                            .is_none_or(|w| w <= crate::api::MAX_INLINE_WAIT) =>
                {
                    let wait = e
                        .retry_after()
                        .unwrap_or(std::time::Duration::from_millis(300 * u64::from(attempt)));
                    tokio::time::sleep(wait).await;
                }
                Err(e) => return Err(e.into()),
            }
        };
        let record = HandoffSent {
            container_id: container_id.to_string(),
            phone_number_last4: sent.phone_number_last4,
            provider_chat_id: sent.provider_chat_id,
            media_count: sent.media_count,
            sent_at: crate::store::ts_text(Utc::now()),
        };
        self.store.record_handoff(&record)?;
        self.changes.send(ChangeTopic::Cache);
        Ok(record)
    }

    pub fn handoffs(&self, container_id: &str) -> Result<Vec<HandoffSent>> {
        Ok(self.store.handoffs(container_id)?)
    }

    fn plans_changed(&self) {
        self.wake.notify_one();
        self.changes.send(ChangeTopic::Plans);
        self.changes.send(ChangeTopic::Status);
    }
}

/// A handoff failure after which no message can have gone out, so the same key may go again:
/// no answer at all (the key replays a success, or runs once), a rate limit, or a provider
/// that is not there.
fn nothing_texted(e: &crate::api::ApiError) -> bool {
    let reason = e.details();
    let reason = reason.get("reason").and_then(|r| r.as_str());
    match e {
        crate::api::ApiError::Transport { .. } => true,
        crate::api::ApiError::Http { status: 429, .. } => true,
        crate::api::ApiError::Http { status: 503, .. } => {
            reason == Some("SMS_PROVIDER_UNAVAILABLE")
        }
        _ => false,
    }
}

/// The handles of the plan's accounts that need reconnecting.
fn reauth_handles(draft: &PlanDraft, accounts: &[Account]) -> Vec<String> {
    draft
        .targets
        .iter()
        .filter_map(|t| {
            accounts
                .iter()
                .find(|a| a.social_account_id == t.social_account_id)
        })
        .filter(|a| a.status == "reauth_required")
        .map(|a| format!("@{}", a.handle))
        .collect()
}

/// Whether an issue is only that one target's account needs reconnecting.
fn is_reauth_issue(issue: &Issue, draft: &PlanDraft, accounts: &[Account]) -> bool {
    if issue.code != "SOCIAL_ACCOUNT_NOT_PUBLISH_READY" {
        return false;
    }
    draft.targets.iter().enumerate().any(|(i, t)| {
        issue.path.starts_with(&format!("targets[{i}]"))
            && accounts.iter().any(|a| {
                a.social_account_id == t.social_account_id && a.status == "reauth_required"
            })
    })
}

/// Mints a partner `sp_` id per target: locally, so it works offline, and before the
/// first send, so every retry names the same posts.
fn mint_targets(draft: &PlanDraft) -> Vec<NewTarget> {
    draft
        .targets
        .iter()
        .map(|spec| NewTarget {
            scheduled_post_id: format!("sp_{}", uuid::Uuid::new_v4()),
            spec: spec.clone(),
        })
        .collect()
}

fn resolve_schedule(draft: &PlanDraft) -> Result<Option<chrono::DateTime<Utc>>> {
    match (draft.action, &draft.scheduled_for, &draft.time_zone) {
        (PlanAction::Schedule, Some(when), Some(zone)) => {
            Ok(Some(schedule_time::resolve(when, zone)?.utc))
        }
        _ => Ok(None),
    }
}

fn describe_plan(draft: &PlanDraft, scheduled_for: Option<chrono::DateTime<Utc>>) -> String {
    match scheduled_for {
        Some(at) => format!(
            "schedule for {} UTC ({}) to {} account(s)",
            at.format("%Y-%m-%d %H:%M"),
            draft.time_zone.as_deref().unwrap_or("UTC"),
            draft.targets.len()
        ),
        None => format!("publish now to {} account(s)", draft.targets.len()),
    }
}

/// The exact request body of a plan: its targets with their `sp_` ids, and the UTC time of
/// a schedule.
fn plan_body(targets: &[NewTarget], scheduled_for: Option<chrono::DateTime<Utc>>) -> Vec<u8> {
    let body = PlanBody {
        targets: targets
            .iter()
            .map(|t| TargetBody {
                scheduled_post_id: &t.scheduled_post_id,
                spec: &t.spec,
            })
            .collect(),
        scheduled_for: scheduled_for.map(crate::api::wire::instant),
    };
    serde_json::to_vec(&body).expect("a plan body always serializes")
}
