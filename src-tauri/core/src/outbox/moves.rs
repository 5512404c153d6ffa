//! Moves of sent posts that did not go out when the user made them (offline, a lost answer,
//! a 5xx): sent from the store, each under its own key, until the API moves or refuses it.

use chrono::{DateTime, Utc};

use super::{backoff, describe, Outbox, OutboxConfig};
use crate::api::{wire, ApiError};
use crate::store::StoreResult;

/// Moves sent per pass; the rest wait for the next one.
const MOVES_PER_PASS: u32 = 50;

/// How long a moved post is followed: its new time plus the usual grace.
pub fn move_deadline(to: DateTime<Utc>, config: &OutboxConfig) -> DateTime<Utc> {
    to + chrono::Duration::from_std(config.confirm_deadline).unwrap_or(chrono::Duration::hours(1))
}

/// The key for the next try. A lost answer keeps the key (its replay tells what happened);
/// after a 5xx or 429 answer a new one, since a replay could only repeat that answer. Moving
/// a post to a fixed time twice leaves it at that time, so the new key cannot move it twice.
pub fn move_key_after(e: &ApiError) -> Option<String> {
    matches!(e, ApiError::Http { .. }).then(|| uuid::Uuid::new_v4().to_string())
}

impl Outbox {
    /// Sends the project's due moves; returns how many got an answer.
    pub(super) async fn send_moves(&self, project_id: &str) -> StoreResult<usize> {
        let mut done = 0;
        for m in self
            .store
            .due_moves(project_id, self.now(), MOVES_PER_PASS)?
        {
            if self.is_offline() {
                break;
            }
            let result = self
                .client
                .reschedule_post(&m.read_id, &wire::instant(m.to), &m.key)
                .await;
            self.observe(&result);
            match result {
                Ok(()) => {
                    self.store
                        .move_confirmed(&m, move_deadline(m.to, &self.config))?;
                    done += 1;
                }
                Err(e) if e.is_retryable() => {
                    let wait = backoff::delay(
                        m.attempts,
                        self.config.backoff_base,
                        self.config.backoff_cap,
                        e.retry_after(),
                    );
                    let at = self.now() + chrono::Duration::from_std(wait).unwrap_or_default();
                    self.store
                        .move_later(&m, at, move_key_after(&e).as_deref())?;
                }
                Err(e) => {
                    self.store.move_refused(&m, &describe(&e))?;
                    done += 1;
                }
            }
        }
        Ok(done)
    }
}
