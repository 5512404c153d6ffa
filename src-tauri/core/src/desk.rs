//! `Desk`: what the app and the CLI can ask of core. This file holds its state and the
//! reads; each use case has its module (`session`, `sync`, `plans`, `posts`, `handoff`,
//! `accounts`, `review`, ...), and policies are pure functions beside them (`reconcile`).

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
mod calendar;
mod handoff;
mod import;
mod import_files;
mod integrity;
mod media;
mod pe_plans;
mod pe_session;
pub use pe_session::PeAccount;
mod plans;
mod posts;
mod projects;
mod queue_page;
pub use queue_page::MAX_PAGE_PLANS;
mod reconcile;
mod reconnect;
mod review;
mod session;
mod sync;
mod team_schedule;
mod uploads;
pub use uploads::UploadBatch;

pub(crate) const DB_FILE: &str = "layers-desk.sqlite3";
const SETTING_CONNECTION: &str = "connection";
const MEDIA_CACHE_DIR: &str = "media-cache";
/// Room for a few hundred thumbnails and a couple of videos.
const MEDIA_CACHE_BYTES: u64 = 512 * 1024 * 1024;

/// The last connection, kept (without its key) so the app can reopen offline.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct SavedConnection {
    info: ConnectionInfo,
    /// Every project the key saw when it last connected (empty from older versions).
    #[serde(default)]
    projects: Vec<ProjectView>,
}

struct Session {
    info: ConnectionInfo,
    /// Every project of the key; the outbox sends each one's queue.
    projects: Vec<ProjectView>,
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
    /// Connecting without a named or remembered project fails when the key sees several,
    /// instead of taking the first (the CLI: a script must not post to a guessed project).
    ask_for_project: AtomicBool,
    /// The app is connecting the way it was last used: the UI shows the saved queue (or
    /// waits) instead of asking for a key.
    reconnecting: AtomicBool,
    /// Meanwhile, the connection it reconnects to, whose local queue can already be read.
    reconnecting_to: Mutex<Option<ConnectionInfo>>,
    /// Uploads' bytes in flight (written by the outbox), and the upload loop's wake-up.
    uploads_live: crate::upload_live::UploadLive,
    upload_wake: Arc<Notify>,
    /// Containers' media on this machine, for previews (also offline).
    media_cache: crate::media_cache::MediaCache,
    /// PostEverywhere, once connected: its client and accounts.
    pe: Mutex<Option<pe_session::PeSession>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Desk {
    /// Opens (or creates) the data folder and its database.
    pub fn open(data_dir: &Path, outbox_config: OutboxConfig) -> Result<Desk> {
        crate::store::create_private_dir(data_dir).map_err(|e| {
            // The folder is an input (`--data-dir`, LAYERS_DESK_DATA_DIR): a path that is a
            // file or not writable is the user's to fix.
            DeskError::invalid(
                "dataDir",
                format!("cannot create the data folder {}: {e}", data_dir.display()),
            )
        })?;
        let store =
            Store::open(&data_dir.join(DB_FILE))?.with_clock(outbox_config.clock.clone())?;
        let changes = Changes::default();
        Ok(Desk {
            uploads_live: crate::upload_live::UploadLive::new(changes.clone()),
            upload_wake: Arc::new(Notify::new()),
            media_cache: crate::media_cache::MediaCache::new(
                data_dir.join(MEDIA_CACHE_DIR),
                MEDIA_CACHE_BYTES,
            ),
            store: Arc::new(store),
            data_dir: data_dir.to_path_buf(),
            changes,
            wake: Arc::new(Notify::new()),
            online: Arc::new(AtomicBool::new(true)),
            outbox_config,
            session: Mutex::new(None),
            last_sync_error: Mutex::new(None),
            notice: Arc::new(Mutex::new(None)),
            sending: AtomicBool::new(true),
            ask_for_project: AtomicBool::new(false),
            reconnecting: AtomicBool::new(false),
            reconnecting_to: Mutex::new(None),
            pe: Mutex::new(None),
        })
    }

    /// Chooses whether sessions started from now on run the outbox.
    pub fn set_sending(&self, on: bool) {
        self.sending.store(on, Ordering::Relaxed);
    }

    /// Makes a connection without a named or remembered project fail, listing the key's
    /// projects, when there are several.
    pub fn set_ask_for_project(&self, on: bool) {
        self.ask_for_project.store(on, Ordering::Relaxed);
    }

    /// Starts the outbox of the current session if it is not running (after `set_sending`).
    pub fn start_sending(&self) -> Result<()> {
        self.set_sending(true);
        let current = lock(&self.session).as_ref().map(|s| {
            (
                s.client.clone(),
                s.info.clone(),
                s.projects.clone(),
                s.outbox.is_some(),
            )
        });
        match current {
            Some((client, info, projects, false)) => {
                let online = self.online.load(Ordering::Relaxed);
                self.start_session(client, info, projects, online)
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
        let (waiting_plans, waiting_uploads) = match &connection {
            Some(c) => (
                self.store.waiting_plans(&c.project_id)?,
                self.store.waiting_uploads(&c.project_id)?,
            ),
            None => (0, 0),
        };
        Ok(AppStatus {
            connection,
            online: self.online.load(Ordering::Relaxed),
            waiting_plans,
            waiting_uploads,
            reconnecting: self.reconnecting.load(Ordering::Relaxed),
            last_sync_error: lock(&self.notice)
                .clone()
                .or_else(|| lock(&self.last_sync_error).clone()),
        })
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

    /// A plan's timeline; a plan that does not exist is an error, not an empty timeline.
    pub fn timeline(&self, plan_id: &str) -> Result<Vec<TimelineEvent>> {
        let events = self.store.timeline(plan_id)?;
        if events.is_empty() && self.store.plan(plan_id)?.is_none() {
            return Err(DeskError::NotFound(format!("plan {plan_id}")));
        }
        Ok(events)
    }

    pub(crate) fn plans_changed(&self) {
        self.wake.notify_one();
        self.changes.send(ChangeTopic::Plans);
        self.changes.send(ChangeTopic::Status);
    }
}
