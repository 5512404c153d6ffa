//! What the queue holds for one account, and plans held while an account needs reconnecting.

use rusqlite::params;

use super::{Store, StoreResult};
use crate::model::EventKind;
use crate::plan_machine::PlanEvent;

impl Store {
    /// Posts for this account that revoking it would cancel or stop: targets of plans not
    /// yet sent, and sent posts the server still holds as queued.
    pub fn queued_posts_for_account(&self, project_id: &str, account_id: &str) -> StoreResult<u32> {
        let n: i64 = self.conn().query_row(
            "SELECT COUNT(*) FROM targets t JOIN plans p ON p.id = t.plan_id
             WHERE p.project_id = ?1 AND t.social_account_id = ?2
               AND (p.state IN ('queued','sending','waiting_approval','waiting_account','needs_decision')
                    OR p.state = 'accepted' AND (t.remote_status IS NULL OR t.remote_status = 'queued'))",
            params![project_id, account_id],
            |r| r.get(0),
        )?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// Holds an unsent plan until its account is reconnected; the outbox skips it meanwhile.
    pub fn mark_waiting_account(&self, plan_id: &str, detail: &str) -> StoreResult<()> {
        self.transition(
            plan_id,
            PlanEvent::WaitForAccount,
            None,
            None,
            EventKind::WaitingAccount,
            detail,
        )
    }

    /// The account is back: the plan goes out now, under the key it already has (it never
    /// reached the API, so nothing can be replayed twice).
    pub fn release_waiting_account(&self, plan_id: &str, detail: &str) -> StoreResult<()> {
        self.transition(
            plan_id,
            PlanEvent::ReleaseAccount,
            Some(self.now()?),
            None,
            EventKind::AccountReconnected,
            detail,
        )
    }

    /// After an approval in the app: the container's parked plans are looked at now rather
    /// than at their next scheduled check.
    pub fn recheck_approval_now(&self, container_id: &str) -> StoreResult<usize> {
        Ok(self.conn().execute(
            "UPDATE plans SET next_attempt_at = desk_now()
             WHERE container_id = ?1 AND state = 'waiting_approval'",
            params![container_id],
        )?)
    }

    /// After a revoke: the account's sent posts are read again now (the server canceled the
    /// queued ones), not at their next check, which can be an hour away for a late schedule.
    pub fn poll_account_now(&self, account_id: &str) -> StoreResult<usize> {
        Ok(self.conn().execute(
            "UPDATE targets SET next_poll_at = desk_now()
             WHERE social_account_id = ?1 AND next_poll_at IS NOT NULL",
            params![account_id],
        )?)
    }
}
