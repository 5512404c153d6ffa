//! The full integrity check of the queue database. It reads every page, so it grows with
//! the queue; it runs after start-up on a connection of its own instead of delaying the open.

use std::sync::atomic::Ordering;

use super::{lock, Desk, DB_FILE};
use crate::error::Result;
use crate::model::ChangeTopic;
use crate::store::{self, StoreError};

impl Desk {
    /// Checks the whole database. On damage it notes the verdict beside the file (the next
    /// start opens the recovery screen), stops sending (nothing is written next to a damaged
    /// page) and says so in the status. Returns the verdict when the file is damaged.
    pub fn check_database(&self) -> Result<Option<String>> {
        let db = self.data_dir.join(DB_FILE);
        let verdict = match store::deep_check(&db).map_err(StoreError::Sqlite)? {
            Ok(()) => return Ok(None),
            Err(verdict) => verdict,
        };
        if let Err(e) = store::note_damage(&db, &verdict) {
            tracing::error!(error = %e, "could not note the damage beside the database");
        }
        self.sending.store(false, Ordering::Relaxed);
        if let Some(outbox) = lock(&self.session).as_mut().and_then(|s| s.outbox.take()) {
            outbox.abort();
        }
        *lock(&self.notice) = Some(format!(
            "the queue database is damaged ({verdict}); nothing more is sent. Quit and reopen \
             Layers Desk to keep a backup and start fresh"
        ));
        self.changes.send(ChangeTopic::Status);
        Ok(Some(verdict))
    }
}
