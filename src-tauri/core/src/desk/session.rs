//! The session: connecting with a key (or resuming the saved connection), the client it
//! holds, and disconnecting.

use super::*;

impl Desk {
    /// Connects with a key the user typed. On success the key goes to the keychain (unless
    /// this is the sandbox, whose demo key is never stored) and the base URL to settings.
    /// `project_id` picks the project; by default the one used last, else the newest.
    pub async fn connect(
        &self,
        base_url: &str,
        api_key: &str,
        sandbox: bool,
        project_id: Option<&str>,
        keys: &dyn KeyStore,
    ) -> Result<AppStatus> {
        let base = parse_base_url(base_url)?;
        let key = ApiKey::parse(api_key)?;
        let client = Client::new(base.clone(), key.clone());
        let saved = self.saved_connection()?;
        let last = saved.as_ref().map(|s| s.info.project_id.clone());
        match self
            .identify(client.clone(), sandbox, project_id.or(last.as_deref()))
            .await
        {
            Ok((info, client, projects)) => {
                if !sandbox {
                    keys.save(base.as_str(), &key)?;
                }
                self.start_session(client, info, projects, true)?;
                self.refresh().await.ok();
            }
            // Offline, or the API failing for now, with a known connection: work from the
            // cache and send later.
            Err(DeskError::Api(e)) if e.is_retryable() => {
                let Some(saved) = saved.filter(|s| s.info.base_url == base.as_str()) else {
                    return Err(DeskError::Api(e));
                };
                *lock(&self.last_sync_error) = Some(e.message());
                self.start_session(client, saved.info, saved.projects, false)?;
            }
            Err(e) => return Err(e),
        }
        self.status()
    }

    /// Reopens the last live connection with the key from the keychain. Works offline: the
    /// cached project and queue are shown and the outbox sends once the API answers.
    /// Returns false when there is nothing to resume.
    pub async fn resume(&self, keys: &dyn KeyStore) -> Result<bool> {
        let Some(saved) = self.saved_connection()? else {
            return Ok(false);
        };
        if saved.info.sandbox {
            return Ok(false);
        }
        let base = parse_base_url(&saved.info.base_url)?;
        let Some(key) = keys.load(base.as_str())? else {
            return Ok(false);
        };
        let client = Client::new(base, key);
        match self
            .identify(client.clone(), false, Some(&saved.info.project_id))
            .await
        {
            Ok((info, client, projects)) => {
                self.start_session(client, info, projects, true)?;
                self.refresh().await.ok();
            }
            Err(DeskError::Api(e)) if e.is_retryable() => {
                *lock(&self.last_sync_error) = Some(e.message());
                self.start_session(client, saved.info, saved.projects, false)?;
            }
            Err(e) => return Err(e),
        }
        Ok(true)
    }

    /// The base URL of the last connection, if any.
    pub fn last_base_url(&self) -> Result<Option<String>> {
        Ok(self.saved_connection()?.map(|s| s.info.base_url))
    }

    /// Whether the last session was the sandbox (the app then starts it again).
    pub fn last_was_sandbox(&self) -> Result<bool> {
        Ok(self.saved_connection()?.is_some_and(|s| s.info.sandbox))
    }

    pub(super) fn save_connection(
        &self,
        info: &ConnectionInfo,
        projects: &[ProjectView],
    ) -> Result<()> {
        let saved = serde_json::to_string(&SavedConnection {
            info: info.clone(),
            projects: projects.to_vec(),
        })
        .map_err(|e| DeskError::Internal(format!("connection: {e}")))?;
        self.store.set_setting(SETTING_CONNECTION, Some(&saved))?;
        Ok(())
    }

    pub(super) fn saved_connection(&self) -> Result<Option<SavedConnection>> {
        Ok(self
            .store
            .setting(SETTING_CONNECTION)?
            .and_then(|s| serde_json::from_str(&s).ok()))
    }

    /// Checks the key and picks the project; returns the client paced to the key's tier and
    /// every project the key sees.
    pub(super) async fn identify(
        &self,
        client: Client,
        sandbox: bool,
        preferred_project: Option<&str>,
    ) -> Result<(ConnectionInfo, Client, Vec<ProjectView>)> {
        let who = client.whoami().await?;
        let projects = projects::read(&client).await?;
        let preferred = preferred_project.and_then(|id| projects.iter().position(|p| p.id == id));
        let ask = self.ask_for_project.load(Ordering::Relaxed);
        if let (Some(id), None, true) = (preferred_project, preferred, ask) {
            return Err(DeskError::invalid(
                "project",
                format!(
                    "this API key has no project {id} (archived, or access removed?); its projects: {}",
                    projects::listing(&projects)
                ),
            ));
        }
        if preferred.is_none() && projects.len() > 1 && ask {
            return Err(DeskError::invalid(
                "project",
                format!(
                    "this API key sees {} projects; name one: {}",
                    projects.len(),
                    projects::listing(&projects)
                ),
            ));
        }
        let project = projects
            .get(preferred.unwrap_or(0))
            .cloned()
            .ok_or_else(|| {
                DeskError::invalid("apiKey", "this API key's organization has no project yet")
            })?;
        let info = ConnectionInfo {
            base_url: client.base_url().to_string(),
            sandbox,
            project_name: project.name,
            project_id: project.id,
            project_time_zone: project.time_zone,
            organization_name: who.organization_name.unwrap_or(who.organization_id),
        };
        Ok((
            info,
            client.with_tier(who.rate_limit_tier.as_deref()),
            projects,
        ))
    }

    pub(super) fn start_session(
        &self,
        client: Client,
        info: ConnectionInfo,
        projects: Vec<ProjectView>,
        online: bool,
    ) -> Result<()> {
        self.save_connection(&info, &projects)?;
        self.online.store(online, Ordering::Relaxed);
        // A connection saved by an older version lists no projects: its own is one.
        let mut sent: Vec<String> = projects.iter().map(|p| p.id.clone()).collect();
        if !sent.contains(&info.project_id) {
            sent.push(info.project_id.clone());
        }
        let outbox = Outbox::new(
            self.store.clone(),
            client.clone(),
            sent,
            self.outbox_config.clone(),
            Links {
                changes: self.changes.clone(),
                wake: self.wake.clone(),
                online: self.online.clone(),
                notice: self.notice.clone(),
                data_dir: self.data_dir.clone(),
                uploads: self.uploads_live.clone(),
                upload_wake: self.upload_wake.clone(),
            },
        );
        let outbox = match self.pe_client() {
            Some(pe) => outbox.with_posteverywhere(pe),
            None => outbox,
        };
        let handle = self
            .sending
            .load(Ordering::Relaxed)
            .then(|| tokio::spawn(outbox.run()));
        *lock(&self.session) = Some(Session {
            info,
            projects,
            client,
            outbox: handle,
        });
        self.changes.send(ChangeTopic::Status);
        Ok(())
    }

    /// Ends the session. Queued plans stay in the store and go out on the next connection.
    pub fn disconnect(&self, keys: &dyn KeyStore) -> Result<AppStatus> {
        lock(&self.reconnecting_to).take();
        if let Some(session) = lock(&self.session).take() {
            if !session.info.sandbox {
                keys.delete(&session.info.base_url)?;
            }
        }
        self.store.set_setting(SETTING_CONNECTION, None)?;
        self.changes.send(ChangeTopic::Status);
        self.status()
    }

    pub(super) fn session(&self) -> Result<(Client, ConnectionInfo)> {
        lock(&self.session)
            .as_ref()
            .map(|s| (s.client.clone(), s.info.clone()))
            .ok_or(DeskError::NotConnected)
    }
}
