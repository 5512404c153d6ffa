//! `upload`: files checked before anything opens, then queued and sent like any upload
//! (the same queue the app uses, so a `sync` finishes one that was cut off).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use layers_core::media_rules::{self, Grouping};
use layers_core::model::{Issue, UploadState};
use layers_core::{Desk, DeskError, UploadBatch};

fn grouping(slideshow: bool) -> Grouping {
    if slideshow {
        Grouping::Slideshow
    } else {
        Grouping::PerFile
    }
}

/// Every rule a file or the caption breaks, before the network or the queue is touched.
pub fn check(files: &[PathBuf], caption: &str, slideshow: bool) -> Result<(), DeskError> {
    let mut issues: Vec<Issue> = media_rules::check_caption(caption).into_iter().collect();
    let mut probed = Vec::new();
    for (i, f) in files.iter().enumerate() {
        match media_rules::probe(i, f) {
            Ok(p) => probed.push(p),
            Err(issue) => issues.push(issue),
        }
    }
    if probed.len() == files.len() {
        issues.extend(media_rules::check_group(&probed, grouping(slideshow)));
    }
    if issues.is_empty() {
        Ok(())
    } else {
        Err(DeskError::Rules(issues))
    }
}

pub async fn run(
    desk: &Desk,
    files: Vec<PathBuf>,
    caption: &str,
    slideshow: bool,
    json: bool,
) -> Result<ExitCode, DeskError> {
    let ids = desk.queue_uploads(
        &[UploadBatch {
            files,
            grouping: grouping(slideshow),
        }],
        caption,
    )?;
    desk.start_sending()?;
    let mut said = String::new();
    let upload = loop {
        let u = desk.upload(&ids[0])?;
        if matches!(
            u.state,
            UploadState::Done | UploadState::Failed | UploadState::Canceled
        ) {
            break u;
        }
        if !desk.status()?.online {
            eprintln!("offline: the upload is queued; `layers-desk-cli sync` sends it");
            return Ok(ExitCode::from(1));
        }
        let sent: u64 = u.files.iter().map(|f| f.sent_bytes).sum();
        let total: u64 = u.files.iter().map(|f| f.size_bytes).sum();
        let line = format!(
            "uploading: {} of {}",
            media_rules::megabytes(sent),
            media_rules::megabytes(total)
        );
        if line != said {
            eprintln!("{line}");
            said = line;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    if upload.state != UploadState::Done {
        return Err(DeskError::conflict(format!(
            "the upload {}: {}",
            if upload.state == UploadState::Failed {
                "failed"
            } else {
                "was stopped"
            },
            upload.last_error.as_deref().unwrap_or("no reason given")
        )));
    }
    if json {
        let out =
            serde_json::json!({ "uploadId": upload.id, "containerIds": upload.container_ids });
        println!(
            "{}",
            serde_json::to_string_pretty(&out).expect("plain data")
        );
    } else {
        upload.container_ids.iter().for_each(|id| println!("{id}"));
    }
    Ok(ExitCode::SUCCESS)
}
