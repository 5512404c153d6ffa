//! The "text me this post" handoff: its preview, sending it, and what was sent.

use super::*;

impl Desk {
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
            .ok_or_else(|| DeskError::not_found(format!("container {container_id}")))?;
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
            sent_at: crate::store::ts_text(self.outbox_config.clock.now()),
        };
        self.store.record_handoff(&record)?;
        self.changes.send(ChangeTopic::Cache);
        Ok(record)
    }

    pub fn handoffs(&self, container_id: &str) -> Result<Vec<HandoffSent>> {
        Ok(self.store.handoffs(container_id)?)
    }
}

/// A handoff failure after which no message can have gone out, so the same key may go again:
/// no answer at all (the key replays a success, or runs once), a rate limit, or a provider
/// that is not there.
pub(super) fn nothing_texted(e: &crate::api::ApiError) -> bool {
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
