//! What needs the user now, read from the store: an account to reconnect, a scheduled post
//! whose time passed while offline, a plan that was not sent, a post that failed. Each comes
//! with the place in the app where the user acts on it.

use super::Desk;
use crate::error::Result;
use crate::model::{
    AccountStatus, Attention, NeedsYou, Place, PlaceView, PlanState, PlanSummary, PostStatus,
    ProjectView,
};

fn place(view: PlaceView, id: &str, project_id: &str) -> Place {
    Place {
        view,
        id: Some(id.to_string()),
        project_id: Some(project_id.to_string()),
    }
}

/// The first 60 characters of the caption, or the container id: enough to recognise a post.
fn what(plan: &PlanSummary) -> String {
    plan.container_caption
        .as_deref()
        .map(|c| c.chars().take(60).collect())
        .unwrap_or_else(|| plan.container_id.clone())
}

/// Plans read per look: far more than a burst of notices (a burst is summed up as one).
const ATTENTION_PLANS: u32 = 500;

impl Desk {
    /// What needs the user in every project of the key: the outbox sends them all, so a
    /// failure in a project not on screen is told too, named by its project.
    pub fn attention(&self) -> Result<Vec<Attention>> {
        let info = self.local_connection()?;
        let projects = self.attention_projects()?;
        let mut out = Vec::new();
        for project in &projects {
            let mut found = self.project_attention(&project.id)?;
            if project.id != info.project_id {
                for a in &mut found {
                    a.title = format!("{}: {}", project.name, a.title);
                }
            }
            out.extend(found);
        }
        Ok(out)
    }

    /// Everything that waits for the user in every project of the key, each project's
    /// together: what the notices say, and the plans held for approval or for an account.
    pub fn needs_you(&self) -> Result<Vec<NeedsYou>> {
        let mut out = Vec::new();
        for project in self.attention_projects()? {
            let item = |title: String, body: String, place: Place| NeedsYou {
                project_id: project.id.clone(),
                project_name: project.name.clone(),
                title,
                body,
                place,
            };
            for a in self.project_attention(&project.id)? {
                out.push(item(a.title, a.body, a.place));
            }
            for p in self.store.plans_held(&project.id, ATTENTION_PLANS)? {
                let title = if p.state == PlanState::WaitingApproval {
                    "A plan waits for its content to be approved"
                } else {
                    "A plan waits for its account to be reconnected"
                };
                out.push(item(
                    title.into(),
                    what(&p),
                    place(PlaceView::Publish, &p.id, &project.id),
                ));
            }
        }
        Ok(out)
    }

    /// The key's projects, and the one on screen even when an older connection saved none.
    fn attention_projects(&self) -> Result<Vec<ProjectView>> {
        let info = self.local_connection()?;
        let mut projects = self.known_projects()?;
        if !projects.iter().any(|p| p.id == info.project_id) {
            projects.push(ProjectView {
                id: info.project_id.clone(),
                name: info.project_name.clone(),
                customer_external_id: None,
                time_zone: None,
                needs_you: 0,
                gone: false,
            });
        }
        Ok(projects)
    }

    pub(super) fn project_attention(&self, project_id: &str) -> Result<Vec<Attention>> {
        let mut out = Vec::new();
        for a in self.store.accounts(project_id)? {
            if a.status == AccountStatus::ReauthRequired {
                out.push(Attention {
                    key: format!("reauth:{}", a.social_account_id),
                    title: format!("@{} needs reconnecting", a.handle),
                    body: "Its posts wait until you reconnect it under Accounts.".into(),
                    place: place(PlaceView::Accounts, &a.social_account_id, project_id),
                    old_news_at_start: false,
                });
            }
        }
        for p in self
            .store
            .plans_needing_attention(project_id, ATTENTION_PLANS)?
        {
            let plan_place = place(PlaceView::Publish, &p.id, project_id);
            if p.state == PlanState::NeedsDecision {
                out.push(Attention {
                    key: format!("decide:{}", p.id),
                    title: "A scheduled post needs a decision".into(),
                    body: format!(
                        "Its time passed while offline: publish now or pick a new time. {}",
                        what(&p)
                    ),
                    place: plan_place.clone(),
                    old_news_at_start: false,
                });
            }
            if p.state == PlanState::Rejected {
                out.push(Attention {
                    key: format!("rejected:{}", p.id),
                    title: "A plan was not sent".into(),
                    body: p
                        .last_error
                        .as_ref()
                        .map(|e| format!("{}: {}", e.code, e.message))
                        .unwrap_or_else(|| what(&p)),
                    place: plan_place.clone(),
                    old_news_at_start: true,
                });
            }
            for t in &p.targets {
                if t.remote_status == Some(PostStatus::Failed) {
                    out.push(Attention {
                        key: format!("failed:{}", t.scheduled_post_id),
                        title: format!(
                            "A post to @{} failed",
                            t.handle.as_deref().unwrap_or(&t.social_account_id)
                        ),
                        body: t.last_error.clone().unwrap_or_else(|| what(&p)),
                        place: plan_place.clone(),
                        old_news_at_start: true,
                    });
                }
            }
        }
        Ok(out)
    }
}
