//! Making content from files: check what the user picked, queue it (the outbox sends it),
//! follow it, stop it; import media already online; fix an uploaded container's caption.

use std::path::PathBuf;

use super::Desk;
use crate::error::{DeskError, Result};
use crate::media_rules::{self, Grouping, ProbedFile, MAX_IMPORT_URLS};
use crate::model::{ChangeTopic, Container, Issue, UploadFileView, UploadState, UploadView};
use crate::store::{NewUpload, UploadRow};

/// The uploads the Content view lists.
const LISTED_UPLOADS: u32 = 50;

/// One reservation's worth of the user's pick.
pub struct UploadBatch {
    pub files: Vec<PathBuf>,
    pub grouping: Grouping,
}

impl Desk {
    /// Queues every batch, or none: each file is checked (issues name `files[i]`, counted
    /// across the batches in order), then each batch is a reservation in the queue before
    /// any byte leaves. Offline, they wait. Returns the upload ids.
    pub fn queue_uploads(&self, batches: &[UploadBatch], caption: &str) -> Result<Vec<String>> {
        let info = self.local_connection()?;
        let mut issues: Vec<Issue> = media_rules::check_caption(caption).into_iter().collect();
        let mut index = 0;
        let mut probed_batches = Vec::new();
        for batch in batches {
            let mut probed = Vec::new();
            let first = index;
            for path in &batch.files {
                match media_rules::probe(index, path) {
                    Ok(p) => probed.push(p),
                    Err(issue) => issues.push(issue),
                }
                index += 1;
            }
            if probed.len() == batch.files.len() {
                issues.extend(
                    media_rules::check_group(&probed, batch.grouping)
                        .into_iter()
                        .map(|mut i| {
                            i.path = renumber(&i.path, first);
                            i
                        }),
                );
            }
            probed_batches.push((probed, batch.grouping));
        }
        if batches.is_empty() {
            issues.extend(media_rules::check_group(&[], Grouping::PerFile));
        }
        if !issues.is_empty() {
            return Err(DeskError::Rules(issues));
        }
        let uploads: Vec<NewUpload> = probed_batches
            .into_iter()
            .map(|(files, grouping)| new_upload(&info.project_id, files, grouping, caption))
            .collect();
        self.store.queue_uploads(&uploads)?;
        self.upload_wake.notify_one();
        self.changes.send(ChangeTopic::Uploads);
        self.changes.send(ChangeTopic::Status);
        Ok(uploads.into_iter().map(|u| u.id).collect())
    }

    /// The project's uploads, newest first, with the progress of files going out.
    pub fn uploads(&self) -> Result<Vec<UploadView>> {
        let info = self.local_connection()?;
        let rows = self.store.uploads(&info.project_id, LISTED_UPLOADS)?;
        Ok(rows.iter().map(|u| self.upload_view(u)).collect())
    }

    pub fn upload(&self, upload_id: &str) -> Result<UploadView> {
        let row = self
            .store
            .upload(upload_id)?
            .ok_or_else(|| DeskError::not_found(format!("upload {upload_id}")))?;
        Ok(self.upload_view(&row))
    }

    fn upload_view(&self, u: &UploadRow) -> UploadView {
        let files = u
            .files
            .iter()
            .map(|f| {
                let live = self.uploads_live.progress(&u.id, f.position, f.size_bytes);
                UploadFileView {
                    filename: f.filename.clone(),
                    content_type: f.content_type.clone(),
                    size_bytes: f.size_bytes,
                    sent_bytes: if f.sent {
                        f.size_bytes
                    } else {
                        live.map_or(0, |l| l.sent)
                    },
                    sent: f.sent,
                    bytes_per_second: live.and_then(|l| l.bytes_per_second),
                    seconds_left: live.and_then(|l| l.seconds_left),
                }
            })
            .collect();
        UploadView {
            id: u.id.clone(),
            state: u.state,
            grouping: u.grouping,
            caption: u.caption.clone(),
            files,
            container_ids: u.container_ids(),
            last_error: u.last_error.clone(),
            attempts: u.attempts,
            created_at: u.created_at.clone(),
            updated_at: u.updated_at.clone(),
        }
    }

    /// Stops an upload whose bytes are not all out yet. Containers it reserved stay
    /// unfinished on the server (they never become content).
    pub fn cancel_upload(&self, upload_id: &str) -> Result<UploadView> {
        let row = self
            .store
            .upload(upload_id)?
            .ok_or_else(|| DeskError::not_found(format!("upload {upload_id}")))?;
        if row.files.iter().all(|f| f.sent) && row.state != UploadState::Failed {
            return Err(DeskError::conflict(
                "every file of this upload is on the server already; it is being completed",
            ));
        }
        if !self.store.cancel_upload(upload_id)? {
            let state: &'static str = row.state.into();
            return Err(DeskError::conflict(format!(
                "this upload is {state}, so it cannot be stopped"
            )));
        }
        self.uploads_live.cancel(upload_id);
        self.changes.send(ChangeTopic::Uploads);
        self.changes.send(ChangeTopic::Status);
        self.upload(upload_id)
    }

    /// Sends a failed upload again (its reservation, the files not yet sent).
    pub fn retry_upload(&self, upload_id: &str) -> Result<UploadView> {
        if !self.store.retry_upload(upload_id)? {
            return Err(DeskError::conflict(
                "only a failed upload can be tried again",
            ));
        }
        self.upload_wake.notify_one();
        self.changes.send(ChangeTopic::Uploads);
        self.upload(upload_id)
    }

    /// Makes one container of media already online. The key is derived from what is sent,
    /// so a second click (or a retry after a lost answer) gets the same container back.
    pub async fn import_urls(&self, urls: &[String], caption: &str) -> Result<Container> {
        let (client, info) = self.session()?;
        let mut issues: Vec<Issue> = media_rules::check_caption(caption).into_iter().collect();
        if urls.is_empty() || urls.len() > MAX_IMPORT_URLS {
            return Err(DeskError::invalid(
                "urls",
                format!(
                    "give 1 to {MAX_IMPORT_URLS} media URLs ({} given)",
                    urls.len()
                ),
            ));
        }
        for (i, u) in urls.iter().enumerate() {
            if !url::Url::parse(u).is_ok_and(|p| p.scheme() == "https" && p.host().is_some()) {
                issues.push(Issue {
                    path: format!("urls[{i}]"),
                    code: "URL_NOT_HTTPS".into(),
                    message: format!("{u}: Layers fetches media from public https URLs only"),
                    severity: crate::model::Severity::Error,
                });
            }
        }
        if !issues.is_empty() {
            return Err(DeskError::Rules(issues));
        }
        let key = uuid::Uuid::new_v5(
            &uuid::Uuid::NAMESPACE_URL,
            serde_json::json!([info.project_id, urls, caption])
                .to_string()
                .as_bytes(),
        )
        .to_string();
        let item = client
            .import_urls(&info.project_id, &key, urls, caption)
            .await?;
        self.store
            .replace_containers(&info.project_id, std::slice::from_ref(&item), false)?;
        self.changes.send(ChangeTopic::Cache);
        self.store
            .container(&item.id)?
            .ok_or_else(|| DeskError::Internal("the imported container was not kept".into()))
    }

    /// Changes the caption of an uploaded container on the server, then in the cache.
    pub async fn edit_caption(&self, container_id: &str, caption: &str) -> Result<Container> {
        if let Some(issue) = media_rules::check_caption(caption) {
            return Err(DeskError::Rules(vec![issue]));
        }
        let (client, info) = self.session()?;
        let key = uuid::Uuid::new_v4().to_string();
        let item = client.edit_caption(container_id, &key, caption).await?;
        self.store
            .replace_containers(&info.project_id, std::slice::from_ref(&item), false)?;
        self.changes.send(ChangeTopic::Cache);
        self.store
            .container(container_id)?
            .ok_or_else(|| DeskError::not_found(format!("container {container_id}")))
    }
}

/// `files[i]` of a batch as `files[first + i]` of the whole pick.
fn renumber(path: &str, first: usize) -> String {
    path.strip_prefix("files[")
        .and_then(|rest| rest.strip_suffix(']'))
        .and_then(|i| i.parse::<usize>().ok())
        .map_or(path.to_string(), |i| format!("files[{}]", first + i))
}

/// An upload ready to store: its key and its frozen reservation body.
pub(super) fn new_upload(
    project_id: &str,
    files: Vec<ProbedFile>,
    grouping: Grouping,
    caption: &str,
) -> NewUpload {
    let body = serde_json::json!({
        "files": files.iter().map(|f| serde_json::json!({
            "filename": f.filename,
            "contentType": f.content_type,
            "sizeBytes": f.size_bytes,
        })).collect::<Vec<_>>(),
        "grouping": grouping.as_str(),
    });
    NewUpload {
        id: format!("upl_{}", uuid::Uuid::new_v4().simple()),
        project_id: project_id.to_string(),
        grouping,
        caption: caption.to_string(),
        idempotency_key: uuid::Uuid::new_v4().to_string(),
        request_body: serde_json::to_vec(&body).expect("plain data encodes"),
        files,
    }
}
