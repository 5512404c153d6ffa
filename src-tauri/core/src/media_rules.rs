//! What the API takes as uploaded content, checked on this machine before any byte leaves:
//! the type read from the file's first bytes (a PNG named `.mp4` is a PNG), the size, the
//! name, and which files may go together. Each refusal names the file and the rule.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::{Issue, Severity};

/// The API's limits. Sizes are read as decimal megabytes, the smaller reading of "100 MB"
/// (docs/api-open-points.md, `upload-size-units`): a file this side lets through is never
/// refused for its size by the server.
pub const MAX_VIDEO_BYTES: u64 = 100_000_000;
pub const MAX_IMAGE_BYTES: u64 = 30_000_000;
pub const MAX_UPLOAD_FILES: usize = 10;
pub const MIN_SLIDESHOW_IMAGES: usize = 2;
pub const MAX_FILENAME_CHARS: usize = 512;
pub const MAX_UPLOAD_CAPTION_CHARS: usize = 2200;
/// Media URLs one import may name (one container; a slideshow at most).
pub const MAX_IMPORT_URLS: usize = 10;

/// How the files of one reservation become containers (the API's `grouping`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Grouping {
    /// Each file is a container of its own.
    PerFile,
    /// Every file (2 to 10 images) is one slideshow container.
    Slideshow,
}

impl Grouping {
    pub fn as_str(self) -> &'static str {
        match self {
            Grouping::PerFile => "per-file",
            Grouping::Slideshow => "slideshow",
        }
    }

    pub fn parse(word: &str) -> Option<Grouping> {
        match word {
            "per-file" => Some(Grouping::PerFile),
            "slideshow" => Some(Grouping::Slideshow),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    Video,
    Image,
}

/// A file the user picked, as read from its first bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbedFile {
    pub path: PathBuf,
    pub filename: String,
    pub content_type: &'static str,
    pub kind: MediaKind,
    pub size_bytes: u64,
}

/// The types the API takes, by what the bytes say (`infer`'s MIME words).
fn accepted(mime: &str) -> Option<(&'static str, MediaKind)> {
    match mime {
        "video/mp4" => Some(("video/mp4", MediaKind::Video)),
        "video/quicktime" => Some(("video/quicktime", MediaKind::Video)),
        "image/jpeg" => Some(("image/jpeg", MediaKind::Image)),
        "image/png" => Some(("image/png", MediaKind::Image)),
        "image/webp" => Some(("image/webp", MediaKind::Image)),
        _ => None,
    }
}

/// The type a name's extension claims, to catch a file whose bytes say otherwise.
fn claimed(filename: &str) -> Option<&'static str> {
    let ext = Path::new(filename)
        .extension()?
        .to_str()?
        .to_ascii_lowercase();
    Some(match ext.as_str() {
        "mp4" | "m4v" => "video/mp4",
        "mov" | "qt" => "video/quicktime",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "webp" => "image/webp",
        _ => return None,
    })
}

fn issue(index: usize, code: &str, message: String) -> Issue {
    Issue {
        path: format!("files[{index}]"),
        code: code.to_string(),
        message,
        severity: Severity::Error,
    }
}

pub fn megabytes(bytes: u64) -> String {
    let mb = bytes as f64 / 1_000_000.0;
    if mb >= 10.0 {
        format!("{mb:.0} MB")
    } else {
        format!("{mb:.1} MB")
    }
}

/// Reads the file's size and first bytes. `index` is its place in the user's pick, for the
/// issue's path.
pub fn probe(index: usize, path: &Path) -> Result<ProbedFile, Issue> {
    let filename = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let shown = filename.clone();
    let unreadable = |e: std::io::Error| {
        issue(
            index,
            "FILE_UNREADABLE",
            format!("{shown}: the file cannot be read ({e})"),
        )
    };
    if filename.chars().count() > MAX_FILENAME_CHARS {
        return Err(issue(
            index,
            "FILE_NAME_TOO_LONG",
            format!(
                "{}…: a file name may be at most {MAX_FILENAME_CHARS} characters; rename the file",
                filename.chars().take(40).collect::<String>()
            ),
        ));
    }
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(issue(
            index,
            "FILE_UNREADABLE",
            format!("{shown}: not a file (a folder or a device cannot be uploaded)"),
        ));
    }
    let size_bytes = meta.len();
    if size_bytes == 0 {
        return Err(issue(
            index,
            "FILE_EMPTY",
            format!("{shown}: the file is empty"),
        ));
    }
    let mut head = Vec::with_capacity(64);
    std::fs::File::open(path)
        .and_then(|f| f.take(64).read_to_end(&mut head))
        .map_err(unreadable)?;
    let read = infer::get(&head).map(|t| t.mime_type());
    let Some((content_type, kind)) = read.and_then(accepted) else {
        let what = read.map_or("not a known media type".to_string(), |m| m.to_string());
        return Err(issue(
            index,
            "FILE_TYPE",
            format!("{shown}: {what}; Layers takes MP4 or QuickTime videos and JPEG, PNG or WebP images"),
        ));
    };
    if let Some(named) = claimed(&filename).filter(|named| *named != content_type) {
        return Err(issue(
            index,
            "FILE_DISGUISED",
            format!("{shown}: its name says {named} but the file is {content_type}; rename it to match what it is"),
        ));
    }
    let limit = match kind {
        MediaKind::Video => MAX_VIDEO_BYTES,
        MediaKind::Image => MAX_IMAGE_BYTES,
    };
    if size_bytes > limit {
        let what = match kind {
            MediaKind::Video => "a video",
            MediaKind::Image => "an image",
        };
        return Err(issue(
            index,
            "FILE_TOO_BIG",
            format!(
                "{shown}: {what} may be at most {} (this one is {})",
                megabytes(limit),
                megabytes(size_bytes)
            ),
        ));
    }
    Ok(ProbedFile {
        path: path.to_path_buf(),
        filename,
        content_type,
        kind,
        size_bytes,
    })
}

/// Which files may go into one reservation together. Paths are `files[i]` of `files`.
pub fn check_group(files: &[ProbedFile], grouping: Grouping) -> Vec<Issue> {
    let mut issues = Vec::new();
    if files.is_empty() {
        issues.push(Issue {
            path: "files".into(),
            code: "NO_FILES".into(),
            message: "pick at least one video or photo".into(),
            severity: Severity::Error,
        });
    }
    if files.len() > MAX_UPLOAD_FILES {
        issues.push(Issue {
            path: "files".into(),
            code: "TOO_MANY_FILES".into(),
            message: format!(
                "at most {MAX_UPLOAD_FILES} files go up at once ({} picked); upload the rest after",
                files.len()
            ),
            severity: Severity::Error,
        });
    }
    if grouping == Grouping::Slideshow {
        for (i, f) in files.iter().enumerate() {
            if f.kind == MediaKind::Video {
                issues.push(issue(
                    i,
                    "SLIDESHOW_VIDEO",
                    format!(
                        "{}: a slideshow holds photos only; post the video on its own",
                        f.filename
                    ),
                ));
            }
        }
        if (1..MIN_SLIDESHOW_IMAGES).contains(&files.len()) {
            issues.push(Issue {
                path: "files".into(),
                code: "SLIDESHOW_SIZE".into(),
                message: format!(
                    "a slideshow needs {MIN_SLIDESHOW_IMAGES} to {MAX_UPLOAD_FILES} photos; one photo goes up on its own"
                ),
                severity: Severity::Error,
            });
        }
    }
    issues
}

pub fn check_caption(caption: &str) -> Option<Issue> {
    let count = caption.chars().count();
    (count > MAX_UPLOAD_CAPTION_CHARS).then(|| Issue {
        path: "caption".into(),
        code: "CAPTION_TOO_LONG".into(),
        message: format!(
            "a caption may be at most {MAX_UPLOAD_CAPTION_CHARS} characters ({count} typed)"
        ),
        severity: Severity::Error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0";
    const MP4: &[u8] = b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom\0\0\0\x08free";

    fn file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    #[test]
    fn the_bytes_decide_the_type_not_the_name() {
        let dir = tempfile::tempdir().unwrap();
        let ok = probe(0, &file(dir.path(), "a.png", PNG)).unwrap();
        assert_eq!((ok.content_type, ok.kind), ("image/png", MediaKind::Image));
        let video = probe(0, &file(dir.path(), "clip.mp4", MP4)).unwrap();
        assert_eq!(video.kind, MediaKind::Video);
        let disguised = probe(3, &file(dir.path(), "b.mp4", PNG)).unwrap_err();
        assert_eq!(
            (disguised.code.as_str(), disguised.path.as_str()),
            ("FILE_DISGUISED", "files[3]")
        );
        assert!(disguised.message.starts_with("b.mp4: "));
        let text = probe(0, &file(dir.path(), "notes.png", b"hello there, not a png")).unwrap_err();
        assert_eq!(text.code, "FILE_TYPE");
        // No extension at all: the bytes alone say what it is.
        assert!(probe(0, &file(dir.path(), "IMG_0001", PNG)).is_ok());
    }

    #[test]
    fn empty_missing_long_named_and_big_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let code = |r: Result<ProbedFile, Issue>| r.unwrap_err().code;
        assert_eq!(
            code(probe(0, &file(dir.path(), "e.png", b""))),
            "FILE_EMPTY"
        );
        assert_eq!(
            code(probe(0, &dir.path().join("gone.png"))),
            "FILE_UNREADABLE"
        );
        assert_eq!(code(probe(0, dir.path())), "FILE_UNREADABLE");
        let long = format!("{}.png", "n".repeat(MAX_FILENAME_CHARS));
        assert_eq!(code(probe(0, &dir.path().join(long))), "FILE_NAME_TOO_LONG");
        // A sparse file: the size is real, the disk holds only the head.
        let big = file(dir.path(), "big.png", PNG);
        std::fs::OpenOptions::new()
            .write(true)
            .open(&big)
            .unwrap()
            .set_len(MAX_IMAGE_BYTES + 1)
            .unwrap();
        let refused = probe(0, &big).unwrap_err();
        assert_eq!(refused.code, "FILE_TOO_BIG");
        assert!(
            refused.message.contains("at most 30 MB"),
            "{}",
            refused.message
        );
    }

    #[test]
    fn groups_follow_the_allowed_combinations() {
        let dir = tempfile::tempdir().unwrap();
        let img = probe(0, &file(dir.path(), "a.png", PNG)).unwrap();
        let vid = probe(0, &file(dir.path(), "v.mp4", MP4)).unwrap();
        let codes = |files: &[ProbedFile], g| {
            check_group(files, g)
                .into_iter()
                .map(|i| i.code)
                .collect::<Vec<_>>()
        };
        assert!(codes(&[img.clone(), img.clone()], Grouping::Slideshow).is_empty());
        assert!(codes(&[vid.clone(), img.clone()], Grouping::PerFile).is_empty());
        assert_eq!(
            codes(std::slice::from_ref(&img), Grouping::Slideshow),
            ["SLIDESHOW_SIZE"]
        );
        assert_eq!(
            codes(&[img.clone(), vid.clone()], Grouping::Slideshow),
            ["SLIDESHOW_VIDEO"]
        );
        assert_eq!(
            codes(&vec![img.clone(); 11], Grouping::PerFile),
            ["TOO_MANY_FILES"]
        );
        assert_eq!(codes(&[], Grouping::PerFile), ["NO_FILES"]);
        assert!(check_caption(&"x".repeat(MAX_UPLOAD_CAPTION_CHARS)).is_none());
        assert_eq!(
            check_caption(&"é".repeat(MAX_UPLOAD_CAPTION_CHARS + 1))
                .unwrap()
                .code,
            "CAPTION_TOO_LONG"
        );
    }
}
