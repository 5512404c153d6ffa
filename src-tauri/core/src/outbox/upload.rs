//! Sending the upload queue: reserve (under the stored key, so a lost answer replays the
//! same containers), PUT each file not yet through, finalize each container once, and put
//! the new containers in the cache. Every step's outcome is stored before the next, so a
//! quit, a crash or a kill resumes where it stopped and never reserves twice.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use super::{backoff, Outbox};
use crate::api::uploads::PutFailure;
use crate::api::ApiError;
use crate::model::{ChangeTopic, UploadState};
use crate::store::{StoreResult, UploadRow};

/// How long a claimed upload is held before another start may take it (a process that
/// dies holding it; the next start releases it at once anyway).
const LEASE: chrono::Duration = chrono::Duration::minutes(30);

/// Finalize tries per key (a key that replays a stored 5xx fails for ever).
const REKEY_AFTER: u32 = 3;
/// 5xx answers in a row after which a reservation changes its key. Many, because an answer
/// lost earlier may have reserved under this key, and only the same key replays that
/// reservation: where 5xx answers come and go (faults before the work) a new key would
/// reserve twice; where a key replays a stored 5xx, they never stop.
const RESERVE_REKEY_AFTER: u32 = 6;

/// How an attempt ended, for the store.
enum Outcome {
    Done,
    /// Worth another try later (network, 5xx, 429): same key, same URLs.
    Again(ApiError),
    /// The server or the file said no: the user's to see.
    Refused(String),
    Canceled,
}

impl Outbox {
    /// Works the upload queue until the task ends, beside the plans' loop: a 100 MB PUT
    /// does not hold up a publish.
    pub(super) async fn upload_loop(&self) {
        for project in &self.projects {
            if let Err(e) = self.store.release_upload_leases(project) {
                tracing::error!(error = %e, "could not release in-flight uploads");
            }
        }
        loop {
            let worked = match self.upload_tick().await {
                Ok(n) => n > 0,
                Err(e) => {
                    tracing::error!(error = %e, "upload tick failed");
                    false
                }
            };
            if !worked {
                let sleep = self.upload_sleep();
                tokio::select! {
                    _ = tokio::time::sleep(sleep) => {}
                    _ = self.links.upload_wake.notified() => {}
                }
            }
        }
    }

    fn upload_sleep(&self) -> Duration {
        if self.is_offline() {
            return Duration::from_secs(1).min(self.config.idle);
        }
        let now = self.now();
        self.projects
            .iter()
            .filter_map(|p| self.store.next_upload_wake(p).ok().flatten())
            .map(|at| (at - now).to_std().unwrap_or(Duration::ZERO))
            .min()
            .unwrap_or(self.config.idle)
            .min(self.config.idle)
    }

    /// Works each due upload once. Returns how many.
    pub async fn upload_tick(&self) -> StoreResult<usize> {
        let mut done = 0;
        for project in &self.projects {
            while !self.is_offline() {
                let Some(upload) = self.store.claim_due_upload(project, self.now(), LEASE)? else {
                    break;
                };
                done += 1;
                self.links.changes.send(ChangeTopic::Uploads);
                self.work_upload(upload).await?;
            }
        }
        Ok(done)
    }

    async fn work_upload(&self, upload: UploadRow) -> StoreResult<()> {
        let id = upload.id.clone();
        let outcome = self.upload_steps(upload.clone()).await?;
        let (state, retry_at, error) = match outcome {
            Outcome::Done => (UploadState::Done, None, None),
            Outcome::Canceled => {
                self.links.uploads.forget(&id);
                self.links.changes.send(ChangeTopic::Uploads);
                return Ok(());
            }
            Outcome::Refused(why) => (UploadState::Failed, None, Some(why)),
            Outcome::Again(e) => {
                let wait = backoff::delay(
                    upload.attempts.saturating_sub(1),
                    self.config.backoff_base,
                    self.config.backoff_cap,
                    e.retry_after(),
                );
                let at = self.now() + chrono::Duration::from_std(wait).unwrap_or_default();
                (UploadState::Queued, Some(at), Some(e.message()))
            }
        };
        if state != UploadState::Queued {
            self.links.uploads.forget(&id);
        }
        let released = self
            .store
            .end_upload_attempt(&id, state, retry_at, error.as_deref())?;
        self.links.changes.send(ChangeTopic::Uploads);
        if released > 0 {
            // A sheet's rows with files: their plans are queued now, and go out.
            self.links.changes.send(ChangeTopic::Plans);
            self.links.wake.notify_one();
        }
        if state == UploadState::Done {
            self.links.changes.send(ChangeTopic::Cache);
        }
        Ok(())
    }

    fn canceled(&self, id: &str) -> StoreResult<bool> {
        Ok(self.links.uploads.cancel_flag(id).load(Ordering::Relaxed)
            || self
                .store
                .upload(id)?
                .is_none_or(|u| u.state == UploadState::Canceled))
    }

    /// Judges one API failure: retried, or shown to the user.
    fn judged(&self, e: ApiError, what: &str) -> Outcome {
        if e.is_retryable() {
            Outcome::Again(e)
        } else {
            Outcome::Refused(format!("{what}: {}", e.message()))
        }
    }

    async fn upload_steps(&self, mut upload: UploadRow) -> StoreResult<Outcome> {
        let id = upload.id.clone();
        if !upload.reserved {
            let names: Vec<String> = upload.files.iter().map(|f| f.filename.clone()).collect();
            let session = self
                .client
                .reserve_upload(
                    &upload.project_id,
                    &upload.idempotency_key,
                    &upload.request_body,
                    &names,
                    upload.grouping,
                )
                .await;
            self.observe(&session);
            match session {
                Ok(session) => self.store.record_reservation(&id, &session)?,
                Err(e) => {
                    // Where a key replays a stored 5xx (docs/api-open-points.md,
                    // `upload-replay`) the same key fails for ever, so after many 5xx in a
                    // row the next try goes under a new one. A reservation the old key may
                    // have made is never finalized, so it never becomes content.
                    let server_error = matches!(e, ApiError::Http { status, .. } if status >= 500);
                    let in_a_row = self.store.note_reservation_answer(&id, server_error)?;
                    if in_a_row >= RESERVE_REKEY_AFTER {
                        self.store
                            .rekey_upload(&id, &uuid::Uuid::new_v4().to_string())?;
                    }
                    return Ok(self.judged(e, "the upload was not reserved"));
                }
            }
            match self.store.upload(&id)? {
                Some(u) => upload = u,
                None => return Ok(Outcome::Canceled),
            }
        }
        for file in upload.files.iter().filter(|f| !f.sent) {
            if self.canceled(&id)? {
                return Ok(Outcome::Canceled);
            }
            let Some(url) = &file.upload_url else {
                return Ok(Outcome::Refused(format!(
                    "{}: the reservation gave it no upload URL",
                    file.filename
                )));
            };
            self.links.uploads.start(&id, file.position);
            let live = self.links.uploads.clone();
            let (live_id, position) = (id.clone(), file.position);
            let progress = Arc::new(move |sent| live.advance(&live_id, position, sent));
            let put = self
                .client
                .put_file(
                    url,
                    &file.put_headers,
                    std::path::Path::new(&file.path),
                    &file.content_type,
                    file.size_bytes,
                    progress,
                    self.links.uploads.cancel_flag(&id),
                )
                .await;
            self.links.uploads.finish(&id, file.position);
            match put {
                Ok(()) => self.store.mark_file_sent(&id, file.position)?,
                Err(_) if self.canceled(&id)? => return Ok(Outcome::Canceled),
                Err(PutFailure::File(why)) => return Ok(Outcome::Refused(why)),
                Err(PutFailure::Api(e)) => {
                    self.observe::<()>(&Err(e.clone()));
                    // A presigned URL that no longer takes the bytes (expired, or refused
                    // as signed) will not take them later either.
                    return Ok(self.judged(e, &format!("{} was not taken", file.filename)));
                }
            }
        }
        for container in upload.container_ids() {
            let pending = upload
                .files
                .iter()
                .any(|f| f.container_id.as_deref() == Some(&container) && !f.finalized);
            if !pending {
                continue;
            }
            if self.canceled(&id)? {
                return Ok(Outcome::Canceled);
            }
            // One key per container, the same after a restart; a new one every
            // `REKEY_AFTER` attempts, since a key that replays a stored 5xx fails for ever
            // (`upload-replay`). Finalizing twice is harmless: a retry's caption is ignored.
            let generation = upload.attempts / REKEY_AFTER;
            let seed = match generation {
                0 => format!("{}/{container}", upload.idempotency_key),
                n => format!("{}/{container}/{n}", upload.idempotency_key),
            };
            let key = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, seed.as_bytes()).to_string();
            let finalized = self
                .client
                .finalize_upload(&container, &key, &upload.caption)
                .await;
            self.observe(&finalized);
            let item = match finalized {
                Ok(Some(item)) => Some(item),
                // An acknowledgement without the item: read it.
                Ok(None) => self.client.container(&container).await.ok(),
                Err(e) => return Ok(self.judged(e, "the upload was not completed")),
            };
            self.store.mark_finalized(&id, &container)?;
            if let Some(item) = item {
                self.store
                    .replace_containers(&upload.project_id, &[item], false)?;
            }
        }
        Ok(Outcome::Done)
    }
}
