//! Reading the project from the API into the cache, and holding, releasing or ending the
//! plans that the fresh accounts and containers affect.

use super::reconcile::{self, Verdict};
use super::*;

impl Desk {
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
    /// whose account was revoked or needs reauth, is held or ended now with the reason
    /// (`reconcile::verdict`), instead of failing on the server later.
    pub(super) fn end_conflicting_plans(&self, project_id: &str) -> Result<()> {
        let accounts = self.store.accounts(project_id)?;
        for plan_id in self.store.unsent_plans(project_id)? {
            let Some(draft) = self.store.plan_draft(&plan_id)? else {
                continue;
            };
            let issues = self.check_plan(&draft)?;
            let waiting = self
                .store
                .plan(&plan_id)?
                .is_some_and(|p| p.state == PlanState::WaitingAccount);
            match reconcile::verdict(&issues, &draft, &accounts, waiting) {
                Verdict::Keep => {}
                Verdict::Hold { handles } => self.store.mark_waiting_account(
                    &plan_id,
                    &format!(
                        "held until {} {} reconnected; nothing was sent",
                        handles.join(", "),
                        if handles.len() == 1 { "is" } else { "are" }
                    ),
                )?,
                Verdict::Release => {
                    self.store
                        .release_waiting_account(&plan_id, "every account is connected again")?;
                    self.wake.notify_one();
                }
                Verdict::Reject { first, reasons } => self.store.mark_rejected(
                    &plan_id,
                    &ErrorInfo {
                        code: first.code,
                        message: first.message,
                        request_id: None,
                    },
                    &format!(
                        "no longer valid after a refresh, so it was not sent: {}",
                        reasons.join("; ")
                    ),
                )?,
            }
        }
        Ok(())
    }
}
