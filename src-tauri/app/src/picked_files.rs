//! The files the user picked in the system dialog or dropped on the window: the only paths
//! the backend reads. The page gets a token per file and names files by token, so no command
//! reads a path the page made up.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use layers_core::media_rules::{self, MediaKind};
use layers_core::model::{PickedFile, PickedSheet};
use layers_core::DeskError;

#[derive(Default)]
pub struct PickedFiles(Mutex<HashMap<String, PathBuf>>);

impl PickedFiles {
    /// Checks each file (type from its bytes, size, name) and hands out its token, refused
    /// ones too, so the page can show why and let the user take them out.
    pub fn admit(&self, paths: Vec<PathBuf>) -> Vec<PickedFile> {
        let mut known = self.0.lock().unwrap_or_else(|p| p.into_inner());
        paths
            .into_iter()
            .enumerate()
            .map(|(i, path)| {
                let token = uuid::Uuid::new_v4().to_string();
                let checked = media_rules::probe(i, &path);
                let filename = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                let size_bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
                known.insert(token.clone(), path);
                match checked {
                    Ok(file) => PickedFile {
                        token,
                        filename: file.filename,
                        size_bytes: file.size_bytes,
                        kind: Some(file.kind),
                        content_type: Some(file.content_type.to_string()),
                        refused: None,
                    },
                    Err(issue) => PickedFile {
                        token,
                        filename,
                        size_bytes,
                        kind: None::<MediaKind>,
                        content_type: None,
                        refused: Some(issue),
                    },
                }
            })
            .collect()
    }

    /// A sheet to import: its token (the file is read when it is checked, so a fix saved in
    /// the spreadsheet is seen by the next check).
    pub fn admit_sheet(&self, path: PathBuf) -> PickedSheet {
        let token = uuid::Uuid::new_v4().to_string();
        let filename = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(token.clone(), path);
        PickedSheet { token, filename }
    }

    /// The paths behind tokens this process handed out.
    pub fn paths(&self, tokens: &[String]) -> Result<Vec<PathBuf>, DeskError> {
        let known = self.0.lock().unwrap_or_else(|p| p.into_inner());
        tokens
            .iter()
            .map(|t| {
                known.get(t).cloned().ok_or_else(|| {
                    DeskError::invalid(
                        "files",
                        "a file the app did not see picked or dropped; pick it again",
                    )
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_tokens_it_handed_out_name_files() {
        let dir = tempfile::tempdir().unwrap();
        let png = dir.path().join("a.png");
        std::fs::write(
            &png,
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0",
        )
        .unwrap();
        let fake = dir.path().join("b.mp4");
        std::fs::write(&fake, b"plain text").unwrap();
        let picked = PickedFiles::default();
        let files = picked.admit(vec![png.clone(), fake]);
        assert!(files[0].refused.is_none());
        assert_eq!(files[1].refused.as_ref().unwrap().code, "FILE_TYPE");
        let paths = picked.paths(&[files[0].token.clone()]).unwrap();
        assert_eq!(paths, std::slice::from_ref(&png));
        let made_up = png.to_string_lossy().into_owned();
        assert!(picked.paths(&[made_up]).is_err(), "a path is not a token");
    }
}
