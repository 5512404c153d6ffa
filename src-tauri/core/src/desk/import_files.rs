//! A sheet row's `files`: local media made into one post through the upload queue. The
//! files are read when the sheet is checked (type from the bytes, sizes, how they group),
//! and the row's plan is checked against a stand-in for the container they will make; the
//! plan itself is written when the upload's container exists (`store::upload_plans`).

use std::path::{Path, PathBuf};

use crate::media_rules::{self, Grouping, MediaKind, ProbedFile};
use crate::model::{ApprovalStatus, Container, ContainerStatus, Issue, MediaType};
use crate::plan_csv::rows::row_issue;
use crate::plan_csv::LIST_SEPARATOR;

/// A row's files, read and grouped: one video, one photo, or photos as one slideshow.
#[derive(Debug, Clone)]
pub(super) struct RowUpload {
    pub files: Vec<ProbedFile>,
    pub grouping: Grouping,
    pub caption: String,
}

impl RowUpload {
    /// What the rules see in place of the container the upload makes.
    pub fn stand_in(&self) -> Container {
        let media_type = match (self.files.len(), self.files.first().map(|f| f.kind)) {
            (1, Some(MediaKind::Video)) => MediaType::Video,
            (1, _) => MediaType::Image,
            _ => MediaType::Slideshow,
        };
        Container {
            id: String::new(),
            status: ContainerStatus::Completed,
            approval_status: ApprovalStatus::NotRequired,
            media_type,
            caption: Some(self.caption.clone()).filter(|c| !c.is_empty()),
            first_comment: None,
            thumbnail_url: None,
            video_url: None,
            media: Vec::new(),
            uploaded: true,
            created_at: String::new(),
        }
    }
}

/// Reads row `n`'s `files` cell (paths by `|`, relative ones from the sheet's folder `base`),
/// or every problem with it at `rows[n].files`.
pub(super) fn row_upload(
    n: u32,
    cell: &str,
    caption: &str,
    base: Option<&Path>,
) -> Result<RowUpload, Vec<Issue>> {
    let mut issues = Vec::new();
    let mut files = Vec::new();
    let paths: Vec<&str> = cell
        .split(LIST_SEPARATOR)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    for (i, p) in paths.iter().enumerate() {
        let path = PathBuf::from(p);
        let path = match (path.is_absolute(), base) {
            (true, _) => path,
            (false, Some(dir)) => dir.join(path),
            (false, None) => {
                issues.push(row_issue(
                    n,
                    "files",
                    "VALIDATION",
                    format!("{p} is a relative path, and this sheet has no folder to read it from: write the full path"),
                ));
                continue;
            }
        };
        match media_rules::probe(i, &path) {
            Ok(f) => files.push(f),
            Err(e) => issues.push(row_issue(n, "files", &e.code, e.message)),
        }
    }
    if !issues.is_empty() {
        return Err(issues);
    }
    let videos = files.iter().filter(|f| f.kind == MediaKind::Video).count();
    if files.len() > 1 && videos > 0 {
        return Err(vec![row_issue(
            n,
            "files",
            "VALIDATION",
            "a row is one post: one video, or photos (two or more make a slideshow); put each video on a row of its own",
        )]);
    }
    let grouping = if files.len() > 1 {
        Grouping::Slideshow
    } else {
        Grouping::PerFile
    };
    let found: Vec<Issue> = media_rules::check_group(&files, grouping)
        .into_iter()
        .map(|i| row_issue(n, "files", &i.code, i.message))
        .chain(
            media_rules::check_caption(caption)
                .map(|i| row_issue(n, "caption", &i.code, i.message)),
        )
        .collect();
    if !found.is_empty() {
        return Err(found);
    }
    Ok(RowUpload {
        files,
        grouping,
        caption: caption.to_string(),
    })
}
