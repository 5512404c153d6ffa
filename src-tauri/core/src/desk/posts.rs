//! Posts already sent: canceling and moving them on the server.

use super::*;
use crate::store::PostMove;
use chrono::DateTime;

/// How long the outbox leaves a move to the request the desk is making right now.
const SENT_NOW_GRACE: chrono::Duration = chrono::Duration::minutes(2);

impl Desk {
    /// Cancels one sent post that is still queued on the server (DELETE; the API keeps it
    /// as canceled). Needs the network: the answer says whether it was still cancelable.
    pub async fn cancel_post(&self, scheduled_post_id: &str, reason: Option<&str>) -> Result<()> {
        let (client, _) = self.session()?;
        let target = self
            .store
            .poll_target(scheduled_post_id)?
            .ok_or_else(|| DeskError::not_found(format!("sent post {scheduled_post_id}")))?;
        self.layers_plan(&target.plan_id)?;
        client.cancel_post(&target.read_id, reason).await?;
        self.store
            .record_post_status(&target, &PostStatus::Canceled, None, reason, None)?;
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
        let target = self
            .store
            .poll_target(scheduled_post_id)?
            .ok_or_else(|| DeskError::not_found(format!("sent post {scheduled_post_id}")))?;
        self.layers_plan(&target.plan_id)?;
        let at = rules::future_time(when, zone, self.outbox_config.clock.now())?;
        self.move_sent_posts(&target.plan_id, Some(scheduled_post_id), at, zone)
            .await
    }

    /// Moves sent posts (the plan's, or `only` one) to `at`. The move is written first, with
    /// a key per post; then sent at once when online. Offline, or when the answer is lost,
    /// the outbox sends it later under the same key, so the API moves each post once. A
    /// refusal sent now comes back as the error; the posts keep their time.
    pub(crate) async fn move_sent_posts(
        &self,
        plan_id: &str,
        only: Option<&str>,
        at: DateTime<Utc>,
        zone: &str,
    ) -> Result<()> {
        let now = self.outbox_config.clock.now();
        let detail = format!(
            "moving to {} UTC ({zone}); waiting for the API to confirm",
            at.format("%Y-%m-%d %H:%M")
        );
        let session = self.session().ok();
        let online = session.is_some() && self.online.load(Ordering::Relaxed);
        let try_at = if online { now + SENT_NOW_GRACE } else { now };
        let moves = self
            .store
            .queue_move(plan_id, only, at, zone, try_at, &detail)?;
        self.plans_changed();
        let Some((client, _)) = session.filter(|_| online) else {
            return Ok(());
        };
        let mut refused = None;
        for m in moves {
            let result = client
                .reschedule_post(&m.read_id, &crate::api::wire::instant(m.to), &m.key)
                .await;
            if let Err(e) = self.settle_move(&m, result, now)? {
                refused.get_or_insert(e);
            }
        }
        self.plans_changed();
        match refused {
            Some(e) => Err(e.into()),
            None => Ok(()),
        }
    }

    /// Records the answer to one move; returns the refusal, if the API refused it.
    fn settle_move(
        &self,
        m: &PostMove,
        result: std::result::Result<(), crate::api::ApiError>,
        now: DateTime<Utc>,
    ) -> Result<std::result::Result<(), crate::api::ApiError>> {
        match result {
            Ok(()) => {
                self.store
                    .move_confirmed(m, crate::outbox::move_deadline(m.to, &self.outbox_config))?;
                Ok(Ok(()))
            }
            Err(e) if e.is_retryable() => {
                self.store
                    .move_later(m, now, crate::outbox::move_key_after(&e).as_deref())?;
                Ok(Ok(()))
            }
            Err(e) => {
                self.store.move_refused(m, &e.message())?;
                Ok(Err(e))
            }
        }
    }
}
