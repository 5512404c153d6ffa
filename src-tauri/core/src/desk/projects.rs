//! The projects of the key: listing them and switching the desk to another. Each project
//! keeps its own queue, drafts and caches in the store; the outbox sends every one's.

use super::*;

impl Desk {
    /// The projects a key sees, asked of the API without connecting (nothing is saved).
    pub async fn key_projects(&self, base_url: &str, api_key: &str) -> Result<Vec<ProjectView>> {
        let client = Client::new(parse_base_url(base_url)?, ApiKey::parse(api_key)?);
        read(&client).await
    }

    /// The project the last connection used, if any.
    pub fn last_project_id(&self) -> Result<Option<String>> {
        Ok(self.saved_connection()?.map(|s| s.info.project_id))
    }

    /// The projects the key saw when it last connected (works offline), each with how many
    /// things there need the user; then any project this folder holds plans of that the key
    /// no longer lists, marked `gone`, so its queue stays readable.
    pub fn projects(&self) -> Result<Vec<ProjectView>> {
        let mut projects = self.known_projects()?;
        for p in &mut projects {
            p.needs_you = self.project_attention(&p.id)?.len() as u32;
        }
        projects.extend(self.gone_projects(&projects)?);
        Ok(projects)
    }

    fn gone_projects(&self, listed: &[ProjectView]) -> Result<Vec<ProjectView>> {
        Ok(self
            .store
            .plan_projects()?
            .into_iter()
            .filter(|id| !listed.iter().any(|p| &p.id == id))
            .map(|id| ProjectView {
                name: format!("Project {id}"),
                id,
                customer_external_id: None,
                time_zone: None,
                needs_you: 0,
                gone: true,
            })
            .collect())
    }

    pub(super) fn known_projects(&self) -> Result<Vec<ProjectView>> {
        if let Some(session) = lock(&self.session).as_ref() {
            return Ok(session.projects.clone());
        }
        Ok(self
            .saved_connection()?
            .map(|s| s.projects)
            .unwrap_or_default())
    }

    /// Shows another project of the key: every read follows it from now on. Instant and
    /// offline-safe: it reads what is cached; a refresh brings the project's content.
    pub fn switch_project(&self, project_id: &str) -> Result<ConnectionInfo> {
        let info = {
            let mut guard = lock(&self.session);
            let session = guard.as_mut().ok_or(DeskError::NotConnected)?;
            let gone = self.gone_projects(&session.projects)?;
            let project = session
                .projects
                .iter()
                .chain(gone.iter())
                .find(|p| p.id == project_id)
                .cloned()
                .ok_or_else(|| {
                    DeskError::invalid(
                        "projectId",
                        format!("this API key has no project {project_id}"),
                    )
                })?;
            session.info.project_id = project.id;
            session.info.project_name = project.name;
            session.info.project_time_zone = project.time_zone;
            self.save_connection(&session.info, &session.projects)?;
            session.info.clone()
        };
        self.changes.send(ChangeTopic::Status);
        self.changes.send(ChangeTopic::Cache);
        self.changes.send(ChangeTopic::Plans);
        Ok(info)
    }
}

/// Every project the key sees, through the API's pages.
pub(super) async fn read(client: &Client) -> Result<Vec<ProjectView>> {
    Ok(client
        .projects()
        .await?
        .into_iter()
        .map(|p| ProjectView {
            name: p.name.unwrap_or_else(|| p.id.clone()),
            id: p.id,
            customer_external_id: p.customer_external_id,
            time_zone: p.timezone,
            needs_you: 0,
            gone: false,
        })
        .collect())
}

/// "id (name, customer), ...": the projects, for a message that asks for one.
pub(super) fn listing(projects: &[ProjectView]) -> String {
    projects
        .iter()
        .map(|p| match &p.customer_external_id {
            Some(c) => format!("{} ({}, customer {c})", p.id, p.name),
            None => format!("{} ({})", p.id, p.name),
        })
        .collect::<Vec<_>>()
        .join(", ")
}
