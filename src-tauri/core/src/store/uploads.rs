//! The upload queue: each row is one reservation of files, written before any byte leaves,
//! and the facts that let a cut-off upload resume without a second container (the key and
//! frozen body of the reservation, each file's URL and whether its bytes and its
//! container's finalize went through).

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

use super::{ts_text, Store, StoreError, StoreResult};
use crate::api::upload_session::UploadSession;
use crate::media_rules::{Grouping, ProbedFile};
use crate::model::UploadState;

pub struct NewUpload {
    pub id: String,
    pub project_id: String,
    pub grouping: Grouping,
    pub caption: String,
    pub idempotency_key: String,
    pub request_body: Vec<u8>,
    pub files: Vec<ProbedFile>,
}

/// An upload as the outbox works it, or the UI shows it.
#[derive(Debug, Clone)]
pub struct UploadRow {
    pub id: String,
    pub project_id: String,
    pub state: UploadState,
    pub grouping: Grouping,
    pub caption: String,
    pub idempotency_key: String,
    pub request_body: Vec<u8>,
    pub reserved: bool,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub files: Vec<UploadFileRow>,
}

#[derive(Debug, Clone)]
pub struct UploadFileRow {
    pub position: u32,
    pub path: String,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: u64,
    pub container_id: Option<String>,
    pub upload_url: Option<String>,
    pub put_headers: Vec<(String, String)>,
    pub sent: bool,
    pub finalized: bool,
}

impl UploadRow {
    /// The containers it made, in file order, each once.
    pub fn container_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for id in self.files.iter().filter_map(|f| f.container_id.clone()) {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        ids
    }
}

const UPLOAD_COLUMNS: &str =
    "id, project_id, state, grouping, caption, idempotency_key, request_body, \
     reserved, attempts, last_error, created_at, updated_at";

fn state_word(word: &str) -> StoreResult<UploadState> {
    word.parse()
        .map_err(|_| StoreError::Corrupt(format!("upload state {word:?}")))
}

fn read_upload(tx: &rusqlite::Connection, row: &rusqlite::Row<'_>) -> StoreResult<UploadRow> {
    let id: String = row.get(0)?;
    let state: String = row.get(2)?;
    let grouping: String = row.get(3)?;
    let files = read_files(tx, &id)?;
    Ok(UploadRow {
        project_id: row.get(1)?,
        state: state_word(&state)?,
        grouping: Grouping::parse(&grouping)
            .ok_or_else(|| StoreError::Corrupt(format!("upload grouping {grouping:?}")))?,
        caption: row.get(4)?,
        idempotency_key: row.get(5)?,
        request_body: row.get(6)?,
        reserved: row.get(7)?,
        attempts: row.get(8)?,
        last_error: row.get(9)?,
        created_at: row.get(10)?,
        updated_at: row.get(11)?,
        files,
        id,
    })
}

fn read_files(conn: &rusqlite::Connection, upload_id: &str) -> StoreResult<Vec<UploadFileRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT position, path, filename, content_type, size_bytes, container_id, upload_url,
                put_headers, sent, finalized
         FROM upload_files WHERE upload_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([upload_id], |r| {
        let headers: Option<String> = r.get(7)?;
        Ok(UploadFileRow {
            position: r.get(0)?,
            path: r.get(1)?,
            filename: r.get(2)?,
            content_type: r.get(3)?,
            size_bytes: r.get::<_, i64>(4)?.max(0) as u64,
            container_id: r.get(5)?,
            upload_url: r.get(6)?,
            put_headers: headers
                .and_then(|h| serde_json::from_str(&h).ok())
                .unwrap_or_default(),
            sent: r.get(8)?,
            finalized: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn insert(tx: &Transaction<'_>, u: &NewUpload) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO uploads(id, project_id, grouping, caption, idempotency_key, request_body,
                             state, next_attempt_at, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'queued', desk_now(), desk_now(), desk_now())",
        params![
            u.id,
            u.project_id,
            u.grouping.as_str(),
            u.caption,
            u.idempotency_key,
            u.request_body
        ],
    )?;
    for (i, f) in u.files.iter().enumerate() {
        tx.execute(
            "INSERT INTO upload_files(upload_id, position, path, filename, content_type, size_bytes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                u.id,
                i as u32,
                f.path.to_string_lossy(),
                f.filename,
                f.content_type,
                f.size_bytes as i64
            ],
        )?;
    }
    Ok(())
}

impl Store {
    /// Queues every upload of one user action, or none.
    pub fn queue_uploads(&self, uploads: &[NewUpload]) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        for u in uploads {
            insert(&tx, u)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Takes the oldest due upload of the project for `lease` (a process that dies with it
    /// leaves it to the next start, which releases it at once).
    pub fn claim_due_upload(
        &self,
        project_id: &str,
        now: DateTime<Utc>,
        lease: chrono::Duration,
    ) -> StoreResult<Option<UploadRow>> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let id: Option<String> = tx
            .query_row(
                "SELECT id FROM uploads
                 WHERE project_id = ?1 AND state IN ('queued', 'sending') AND next_attempt_at <= ?2
                 ORDER BY created_at, id LIMIT 1",
                params![project_id, ts_text(now)],
                |r| r.get(0),
            )
            .optional()?;
        let Some(id) = id else {
            return Ok(None);
        };
        tx.execute(
            "UPDATE uploads SET state = 'sending', attempts = attempts + 1,
                    next_attempt_at = ?2, updated_at = desk_now()
             WHERE id = ?1",
            params![id, ts_text(now + lease)],
        )?;
        let row = read_one(&tx, &id)?;
        tx.commit()?;
        Ok(row)
    }

    /// Uploads a dead process held go again now.
    pub fn release_upload_leases(&self, project_id: &str) -> StoreResult<usize> {
        Ok(self.conn().execute(
            "UPDATE uploads SET next_attempt_at = desk_now()
             WHERE project_id = ?1 AND state = 'sending'",
            [project_id],
        )?)
    }

    /// A new reservation key for an upload not reserved yet (`outbox/upload.rs`, the key
    /// that replays a stored 5xx).
    pub fn rekey_upload(&self, upload_id: &str, key: &str) -> StoreResult<bool> {
        Ok(self.conn().execute(
            "UPDATE uploads SET idempotency_key = ?2, server_errors = 0, updated_at = desk_now()
             WHERE id = ?1 AND reserved = 0",
            params![upload_id, key],
        )? == 1)
    }

    /// One more reservation answer under the current key: a 5xx adds to the count of 5xx
    /// answers in a row, anything else ends the run. Returns the count.
    pub fn note_reservation_answer(&self, upload_id: &str, server_error: bool) -> StoreResult<u32> {
        Ok(self.conn().query_row(
            "UPDATE uploads SET server_errors = CASE WHEN ?2 THEN server_errors + 1 ELSE 0 END
             WHERE id = ?1 RETURNING server_errors",
            params![upload_id, server_error],
            |r| r.get(0),
        )?)
    }

    pub fn record_reservation(&self, upload_id: &str, session: &UploadSession) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        for (i, f) in session.files.iter().enumerate() {
            let headers = serde_json::to_string(&f.headers)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            tx.execute(
                "UPDATE upload_files SET container_id = ?3, upload_url = ?4, put_headers = ?5
                 WHERE upload_id = ?1 AND position = ?2",
                params![upload_id, i as u32, f.container_id, f.upload_url, headers],
            )?;
        }
        tx.execute(
            "UPDATE uploads SET reserved = 1, expires_at = ?2, updated_at = desk_now() WHERE id = ?1",
            params![upload_id, session.expires_at],
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn mark_file_sent(&self, upload_id: &str, position: u32) -> StoreResult<()> {
        self.conn().execute(
            "UPDATE upload_files SET sent = 1 WHERE upload_id = ?1 AND position = ?2",
            params![upload_id, position],
        )?;
        Ok(())
    }

    pub fn mark_finalized(&self, upload_id: &str, container_id: &str) -> StoreResult<()> {
        self.conn().execute(
            "UPDATE upload_files SET finalized = 1 WHERE upload_id = ?1 AND container_id = ?2",
            params![upload_id, container_id],
        )?;
        Ok(())
    }

    /// Ends an upload the outbox holds (`sending`): done, failed, or back in the queue for
    /// `retry_at`. A cancel that came meanwhile stands. Done, the plans waiting for its
    /// container become queued plans in the same transaction; returns how many.
    pub fn end_upload_attempt(
        &self,
        upload_id: &str,
        state: UploadState,
        retry_at: Option<DateTime<Utc>>,
        error: Option<&str>,
    ) -> StoreResult<usize> {
        let word: &'static str = state.into();
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let ended = tx.execute(
            "UPDATE uploads SET state = ?2, next_attempt_at = COALESCE(?3, next_attempt_at),
                    last_error = ?4, updated_at = desk_now()
             WHERE id = ?1 AND state = 'sending'",
            params![upload_id, word, retry_at.map(ts_text), error],
        )? > 0;
        let released = if ended && state == UploadState::Done {
            super::imports::release_waiting_plans(&tx, upload_id)?
        } else {
            0
        };
        tx.commit()?;
        Ok(released)
    }

    /// Stops an upload that has not finished. Returns whether it was stopped.
    pub fn cancel_upload(&self, upload_id: &str) -> StoreResult<bool> {
        Ok(self.conn().execute(
            "UPDATE uploads SET state = 'canceled', updated_at = desk_now()
             WHERE id = ?1 AND state IN ('queued', 'sending', 'failed')",
            [upload_id],
        )? == 1)
    }

    /// Sends a failed upload again: the same reservation, the files not yet sent.
    pub fn retry_upload(&self, upload_id: &str) -> StoreResult<bool> {
        Ok(self.conn().execute(
            "UPDATE uploads SET state = 'queued', next_attempt_at = desk_now(), updated_at = desk_now()
             WHERE id = ?1 AND state = 'failed'",
            [upload_id],
        )? == 1)
    }

    pub fn upload(&self, upload_id: &str) -> StoreResult<Option<UploadRow>> {
        read_one(&self.conn(), upload_id)
    }

    /// The project's uploads, newest first.
    pub fn uploads(&self, project_id: &str, limit: u32) -> StoreResult<Vec<UploadRow>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(&format!(
            "SELECT {UPLOAD_COLUMNS} FROM uploads WHERE project_id = ?1
             ORDER BY created_at DESC, id DESC LIMIT ?2"
        ))?;
        let mut rows = stmt.query(params![project_id, limit])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(read_upload(&conn, row)?);
        }
        Ok(out)
    }

    pub fn waiting_uploads(&self, project_id: &str) -> StoreResult<u32> {
        Ok(self.conn().query_row(
            "SELECT COUNT(*) FROM uploads WHERE project_id = ?1 AND state IN ('queued', 'sending')",
            [project_id],
            |r| r.get(0),
        )?)
    }

    /// The next moment an upload of the project is due, for the outbox's sleep.
    pub fn next_upload_wake(&self, project_id: &str) -> StoreResult<Option<DateTime<Utc>>> {
        let at: Option<String> = self.conn().query_row(
            "SELECT MIN(next_attempt_at) FROM uploads
             WHERE project_id = ?1 AND state IN ('queued', 'sending')",
            [project_id],
            |r| r.get(0),
        )?;
        Ok(super::parse_ts(at))
    }
}

fn read_one(conn: &rusqlite::Connection, upload_id: &str) -> StoreResult<Option<UploadRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {UPLOAD_COLUMNS} FROM uploads WHERE id = ?1"
    ))?;
    let mut rows = stmt.query([upload_id])?;
    match rows.next()? {
        Some(row) => Ok(Some(read_upload(conn, row)?)),
        None => Ok(None),
    }
}
