//! Posts already sent: canceling and rescheduling them on the server.

use super::*;

impl Desk {
    /// Cancels one sent post that is still queued on the server (DELETE; the API keeps it
    /// as canceled). Needs the network: the answer says whether it was still cancelable.
    pub async fn cancel_post(&self, scheduled_post_id: &str, reason: Option<&str>) -> Result<()> {
        let (client, _) = self.session()?;
        let target = self
            .store
            .poll_target(scheduled_post_id)?
            .ok_or_else(|| DeskError::not_found(format!("sent post {scheduled_post_id}")))?;
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
        let (client, _) = self.session()?;
        let target = self
            .store
            .poll_target(scheduled_post_id)?
            .ok_or_else(|| DeskError::not_found(format!("sent post {scheduled_post_id}")))?;
        let at = rules::future_time(when, zone, self.outbox_config.clock.now())?;
        client
            .reschedule_post(&target.read_id, &crate::api::wire::instant(at))
            .await?;
        // Followed until its new time plus the usual grace, not dropped at the old deadline.
        let deadline = at
            + chrono::Duration::from_std(self.outbox_config.confirm_deadline)
                .unwrap_or(chrono::Duration::hours(1));
        self.store.move_post(scheduled_post_id, at, deadline)?;
        self.store.note(
            &target.plan_id,
            Some(scheduled_post_id),
            EventKind::Rescheduled,
            &format!("moved to {} UTC ({zone})", at.format("%Y-%m-%d %H:%M")),
        )?;
        self.plans_changed();
        Ok(())
    }
}
