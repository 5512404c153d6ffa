//! Uploaded content: the reservation, the bytes, the finalize, the URL import and caption
//! edits. The PUT goes to a presigned URL on another host, so it carries no key.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use reqwest::{header, Method, StatusCode};
use tokio_util::io::ReaderStream;

use super::upload_session::{self, UploadSession};
use super::wire::ContainerWire;
use super::{decode, is_loopback, transport, ApiError, Client};
use crate::media_rules::Grouping;

/// Chunks the file is read in: big enough that a 100 MB PUT is 400 reads, small enough
/// that progress moves smoothly and memory stays flat.
const CHUNK: usize = 256 * 1024;

/// What a PUT reports as it goes: bytes sent so far.
pub type Progress = Arc<dyn Fn(u64) + Send + Sync>;

impl Client {
    /// Reserves containers for `body` (the frozen `{files, grouping}`) under `key`: the same
    /// key and bytes after a lost answer get the same reservation back.
    pub async fn reserve_upload(
        &self,
        project_id: &str,
        key: &str,
        body: &[u8],
        filenames: &[String],
        grouping: Grouping,
    ) -> Result<UploadSession, ApiError> {
        let (status, bytes) = self
            .send(
                Method::POST,
                &format!("/v1/projects/{project_id}/content/uploads"),
                &[],
                Some(key),
                Some(body.to_vec()),
            )
            .await?;
        let answer: serde_json::Value = decode(status, &bytes)?;
        upload_session::read(&answer, filenames, grouping).map_err(|message| ApiError::Decode {
            status: status.as_u16(),
            message,
            request_id: None,
        })
    }

    /// Streams the file to its presigned URL with exactly the declared type and length.
    /// `cancel` stops it between chunks. A cut PUT is sent again whole: presigned URLs take
    /// one body, not ranges.
    #[allow(clippy::too_many_arguments)]
    pub async fn put_file(
        &self,
        url: &str,
        headers: &[(String, String)],
        path: &Path,
        content_type: &str,
        size_bytes: u64,
        progress: Progress,
        cancel: Arc<AtomicBool>,
    ) -> Result<(), PutFailure> {
        let url = reqwest::Url::parse(url).map_err(|e| {
            PutFailure::Api(ApiError::Decode {
                status: 200,
                message: format!("the upload URL is not a URL ({e})"),
                request_id: None,
            })
        })?;
        // Plain http only to this machine, and only when the API itself is on it (the sandbox).
        if url.scheme() != "https" && !(is_loopback(&self.base) && is_loopback(&url)) {
            return Err(PutFailure::Api(ApiError::Decode {
                status: 200,
                message: "the upload URL is not https; nothing was sent".into(),
                request_id: None,
            }));
        }
        let file = tokio::fs::File::open(path)
            .await
            .map_err(|e| file_error(path, e))?;
        let now = file
            .metadata()
            .await
            .map_err(|e| file_error(path, e))?
            .len();
        if now != size_bytes {
            return Err(PutFailure::File(format!(
                "{} changed since it was picked ({size_bytes} bytes then, {now} now); pick it again",
                path.display()
            )));
        }
        let mut sent = 0u64;
        let stream = ReaderStream::with_capacity(file, CHUNK).map(move |chunk| {
            if cancel.load(Ordering::Relaxed) {
                return Err(std::io::Error::other("upload canceled"));
            }
            let chunk = chunk?;
            sent += chunk.len() as u64;
            progress(sent);
            Ok(chunk)
        });
        // At least a minute, else 100 KB/s: a slow line finishes, a stalled one does not hang.
        let timeout = Duration::from_secs(60).max(Duration::from_millis(size_bytes / 100));
        let mut req = self
            .uploads
            .put(url)
            .timeout(timeout)
            .header(header::CONTENT_TYPE, content_type)
            .header(header::CONTENT_LENGTH, size_bytes)
            .body(reqwest::Body::wrap_stream(stream));
        for (k, v) in headers {
            req = req.header(k.as_str(), v.as_str());
        }
        let resp = req
            .send()
            .await
            .map_err(|e| PutFailure::Api(transport(e)))?;
        let status = resp.status();
        if status.is_success() {
            return Ok(());
        }
        let bytes = resp.bytes().await.unwrap_or_default();
        Err(PutFailure::Api(ApiError::from_response(
            status.as_u16(),
            None,
            None,
            &bytes,
        )))
    }

    /// Completes one reserved container; idempotent under `key` (a retry's caption is ignored
    /// by the API). Answers the container when the server returns it.
    pub async fn finalize_upload(
        &self,
        container_id: &str,
        key: &str,
        caption: &str,
    ) -> Result<Option<ContainerWire>, ApiError> {
        let body = serde_json::to_vec(&serde_json::json!({ "caption": caption }))
            .expect("a caption encodes");
        let (status, bytes) = self
            .send(
                Method::POST,
                &format!("/v1/content/{container_id}/finalize-upload"),
                &[],
                Some(key),
                Some(body),
            )
            .await?;
        Ok(container_answer(status, &bytes))
    }

    /// Makes one completed container of media already online (https URLs), atomically.
    pub async fn import_urls(
        &self,
        project_id: &str,
        key: &str,
        urls: &[String],
        caption: &str,
    ) -> Result<ContainerWire, ApiError> {
        let media: Vec<_> = urls
            .iter()
            .map(|u| serde_json::json!({ "url": u }))
            .collect();
        let body = serde_json::to_vec(&serde_json::json!({ "media": media, "caption": caption }))
            .expect("urls encode");
        let (status, bytes) = self
            .send(
                Method::POST,
                &format!("/v1/projects/{project_id}/content/upload"),
                &[],
                Some(key),
                Some(body),
            )
            .await?;
        decode(status, &bytes)
    }

    /// Changes an uploaded container's caption; answers the full container.
    pub async fn edit_caption(
        &self,
        container_id: &str,
        key: &str,
        caption: &str,
    ) -> Result<ContainerWire, ApiError> {
        let body = serde_json::to_vec(&serde_json::json!({ "caption": caption }))
            .expect("a caption encodes");
        let (status, bytes) = self
            .send(
                Method::PATCH,
                &format!("/v1/content/{container_id}"),
                &[],
                Some(key),
                Some(body),
            )
            .await?;
        decode(status, &bytes)
    }
}

/// A finalize answer is the container under one reading, an acknowledgement under another
/// (`finalize-answer` in docs/api-open-points.md): either is a success.
fn container_answer(status: StatusCode, bytes: &[u8]) -> Option<ContainerWire> {
    let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    let item = value
        .get("item")
        .or(value.get("container"))
        .unwrap_or(&value);
    decode(status, item.to_string().as_bytes()).ok()
}

/// Why a PUT did not go through: the server's answer (or none), or the file on this machine.
#[derive(Debug)]
pub enum PutFailure {
    Api(ApiError),
    /// The file cannot be read, or is not the one picked any more: the user's to fix.
    File(String),
}

fn file_error(path: &Path, e: std::io::Error) -> PutFailure {
    PutFailure::File(format!("{} cannot be read ({e})", path.display()))
}
