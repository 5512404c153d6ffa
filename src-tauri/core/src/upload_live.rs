//! What only the running process knows of an upload: how many bytes of each file are out,
//! since when, and whether the user asked it to stop. The store keeps what must survive a
//! restart (which files went through); this keeps what the progress bars show.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::changes::Changes;
use crate::model::ChangeTopic;

/// How often the progress of a file going out is announced: enough for a smooth bar,
/// few enough that the page is not re-reading at every chunk.
const ANNOUNCE_EVERY: Duration = Duration::from_millis(250);

struct Live {
    sent: u64,
    started: Instant,
}

#[derive(Default)]
struct Inner {
    files: HashMap<(String, u32), Live>,
    cancels: HashMap<String, Arc<AtomicBool>>,
    announced: Option<Instant>,
}

/// Shared by the desk (which reads it into views, and cancels) and the outbox (which writes it).
#[derive(Clone)]
pub struct UploadLive {
    inner: Arc<Mutex<Inner>>,
    changes: Changes,
}

/// A file's bytes out, and the rate and time left once there is a rate to speak of.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FileProgress {
    pub sent: u64,
    pub bytes_per_second: Option<f64>,
    pub seconds_left: Option<f64>,
}

impl UploadLive {
    pub fn new(changes: Changes) -> UploadLive {
        UploadLive {
            inner: Arc::default(),
            changes,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The flag a PUT checks between chunks.
    pub fn cancel_flag(&self, upload_id: &str) -> Arc<AtomicBool> {
        self.lock()
            .cancels
            .entry(upload_id.to_string())
            .or_default()
            .clone()
    }

    pub fn cancel(&self, upload_id: &str) {
        self.cancel_flag(upload_id).store(true, Ordering::Relaxed);
    }

    pub fn start(&self, upload_id: &str, position: u32) {
        self.lock().files.insert(
            (upload_id.to_string(), position),
            Live {
                sent: 0,
                started: Instant::now(),
            },
        );
        self.changes.send(ChangeTopic::Uploads);
    }

    pub fn advance(&self, upload_id: &str, position: u32, sent: u64) {
        let announce = {
            let mut inner = self.lock();
            if let Some(live) = inner.files.get_mut(&(upload_id.to_string(), position)) {
                live.sent = sent;
            }
            let due = inner
                .announced
                .is_none_or(|at| at.elapsed() >= ANNOUNCE_EVERY);
            if due {
                inner.announced = Some(Instant::now());
            }
            due
        };
        if announce {
            self.changes.send(ChangeTopic::Uploads);
        }
    }

    /// The file is no longer going out (through, cut off, or stopped).
    pub fn finish(&self, upload_id: &str, position: u32) {
        self.lock().files.remove(&(upload_id.to_string(), position));
        self.changes.send(ChangeTopic::Uploads);
    }

    /// The upload is over: forget its cancel flag.
    pub fn forget(&self, upload_id: &str) {
        let mut inner = self.lock();
        inner.cancels.remove(upload_id);
        inner.files.retain(|(id, _), _| id != upload_id);
    }

    pub fn progress(&self, upload_id: &str, position: u32, size: u64) -> Option<FileProgress> {
        let inner = self.lock();
        let live = inner.files.get(&(upload_id.to_string(), position))?;
        let secs = live.started.elapsed().as_secs_f64();
        // Under half a second the rate is noise.
        let rate = (secs >= 0.5 && live.sent > 0).then(|| live.sent as f64 / secs);
        Some(FileProgress {
            sent: live.sent,
            bytes_per_second: rate,
            seconds_left: rate.map(|r| size.saturating_sub(live.sent) as f64 / r),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_lives_while_a_file_goes_out() {
        let live = UploadLive::new(Changes::default());
        assert!(live.progress("u", 0, 100).is_none());
        live.start("u", 0);
        live.advance("u", 0, 40);
        let p = live.progress("u", 0, 100).unwrap();
        assert_eq!(p.sent, 40);
        assert!(p.bytes_per_second.is_none(), "too early for a rate");
        live.finish("u", 0);
        assert!(live.progress("u", 0, 100).is_none());
        let flag = live.cancel_flag("u");
        live.cancel("u");
        assert!(flag.load(Ordering::Relaxed));
    }
}
