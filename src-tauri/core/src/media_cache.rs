//! Containers' media kept on this machine, so previews show offline and the page loads
//! media from the app (a custom protocol) rather than from the network. Bounded: past
//! `max_bytes`, the files read longest ago go first.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sha2::{Digest, Sha256};

/// One cached file: where it is and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedMedia {
    pub path: PathBuf,
    pub content_type: String,
    pub size: u64,
}

/// The largest single file kept (a video is at most 100 MB).
const MAX_FILE_BYTES: u64 = 110_000_000;

pub struct MediaCache {
    dir: PathBuf,
    max_bytes: u64,
    http: reqwest::Client,
}

impl MediaCache {
    pub fn new(dir: PathBuf, max_bytes: u64) -> MediaCache {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(120))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("layers-desk/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("a TLS backend is compiled in");
        MediaCache {
            dir,
            max_bytes,
            http,
        }
    }

    fn paths(&self, url: &str) -> (PathBuf, PathBuf) {
        let name = format!("{:x}", Sha256::digest(url.as_bytes()));
        (self.dir.join(&name), self.dir.join(format!("{name}.type")))
    }

    /// The cached copy, if there is one (offline this is all there is).
    pub fn cached(&self, url: &str) -> Option<CachedMedia> {
        let (file, kind) = self.paths(url);
        let content_type = std::fs::read_to_string(&kind).ok()?;
        let size = std::fs::metadata(&file).ok()?.len();
        // Reading it counts as use, for the bound.
        let _ = std::fs::File::options()
            .append(true)
            .open(&file)
            .and_then(|f| f.set_modified(std::time::SystemTime::now()));
        Some(CachedMedia {
            path: file,
            content_type,
            size,
        })
    }

    /// The cached copy, fetched first when there is none. Streams to disk (a video is not
    /// held in memory), then makes room under the bound.
    pub async fn fetch(&self, url: &str) -> Result<CachedMedia, String> {
        if let Some(hit) = self.cached(url) {
            return Ok(hit);
        }
        crate::store::create_private_dir(&self.dir).map_err(|e| e.to_string())?;
        let resp = self
            .http
            .get(url)
            .send()
            .await
            .map_err(|e| format!("could not load the media ({})", e.without_url()))?;
        if !resp.status().is_success() {
            return Err(format!("the media host answered {}", resp.status()));
        }
        if resp.content_length().is_some_and(|n| n > MAX_FILE_BYTES) {
            return Err("the media is larger than a post may be".into());
        }
        let content_type = resp
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("application/octet-stream")
            .to_string();
        let (file, kind) = self.paths(url);
        let partial = file.with_extension("part");
        let mut out = tokio::fs::File::create(&partial)
            .await
            .map_err(|e| e.to_string())?;
        let mut written = 0u64;
        let mut body = resp;
        while let Some(chunk) = body
            .chunk()
            .await
            .map_err(|e| e.without_url().to_string())?
        {
            written += chunk.len() as u64;
            if written > MAX_FILE_BYTES {
                let _ = tokio::fs::remove_file(&partial).await;
                return Err("the media is larger than a post may be".into());
            }
            tokio::io::AsyncWriteExt::write_all(&mut out, &chunk)
                .await
                .map_err(|e| e.to_string())?;
        }
        // tokio writes in the background: the bytes are in the file only once flushed.
        tokio::io::AsyncWriteExt::flush(&mut out)
            .await
            .map_err(|e| e.to_string())?;
        drop(out);
        std::fs::write(&kind, &content_type).map_err(|e| e.to_string())?;
        std::fs::rename(&partial, &file).map_err(|e| e.to_string())?;
        self.trim(&file);
        Ok(CachedMedia {
            path: file,
            content_type,
            size: written,
        })
    }

    /// Removes the files used longest ago until the cache is within its bound; `keep` (the
    /// file just written) stays.
    fn trim(&self, keep: &Path) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let mut files: Vec<(std::time::SystemTime, u64, PathBuf)> = entries
            .flatten()
            .filter(|e| e.path().extension().is_none())
            .filter_map(|e| {
                let m = e.metadata().ok()?;
                Some((m.modified().ok()?, m.len(), e.path()))
            })
            .collect();
        let mut total: u64 = files.iter().map(|(_, n, _)| n).sum();
        files.sort();
        for (_, size, path) in files {
            if total <= self.max_bytes {
                break;
            }
            if path == keep {
                continue;
            }
            let _ = std::fs::remove_file(&path);
            let _ = std::fs::remove_file(path.with_extension("type"));
            total -= size;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bound_drops_the_files_used_longest_ago() {
        let dir = tempfile::tempdir().unwrap();
        let cache = MediaCache::new(dir.path().to_path_buf(), 250);
        let put = |url: &str, age_s: u64| {
            let (file, kind) = cache.paths(url);
            std::fs::write(&file, vec![0u8; 100]).unwrap();
            std::fs::write(kind, "image/png").unwrap();
            let at = std::time::SystemTime::now() - Duration::from_secs(age_s);
            std::fs::File::options()
                .append(true)
                .open(&file)
                .unwrap()
                .set_modified(at)
                .unwrap();
            file
        };
        put("https://m/old", 300);
        put("https://m/mid", 200);
        let new = put("https://m/new", 0);
        cache.trim(&new);
        assert!(cache.cached("https://m/old").is_none(), "the oldest went");
        assert_eq!(
            cache.cached("https://m/mid").unwrap().content_type,
            "image/png"
        );
        assert!(cache.cached("https://m/new").is_some());
    }
}
