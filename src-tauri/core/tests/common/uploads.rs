//! Files to upload and the sandbox's upload ledger, for the tests that upload.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use layers_core::model::{UploadState, UploadView};
use layers_core::Desk;
use serde_json::Value;

use super::Running;

pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0";

pub fn png(dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, PNG).unwrap();
    p
}

/// An MP4 head followed by `size` bytes in all (the sandbox probes the head only).
pub fn mp4(dir: &Path, name: &str, size: usize) -> PathBuf {
    let mut bytes = b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom".to_vec();
    bytes.resize(size.max(bytes.len()), 7);
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

pub async fn ledger(r: &Running) -> Value {
    reqwest::get(format!("{}/_sandbox/uploads", r.sandbox.url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

pub async fn wait_uploads(desk: &Desk, ids: &[String], within: Duration) -> Vec<UploadView> {
    let deadline = Instant::now() + within;
    loop {
        let views: Vec<UploadView> = ids.iter().map(|id| desk.upload(id).unwrap()).collect();
        if views
            .iter()
            .all(|u| matches!(u.state, UploadState::Done | UploadState::Failed))
        {
            return views;
        }
        assert!(Instant::now() < deadline, "uploads never ended: {views:#?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
