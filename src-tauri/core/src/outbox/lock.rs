//! One outbox per data folder: an exclusive lock on a file beside the database, so a second
//! process (the CLI while the app runs) never sends the same plans.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

pub struct OutboxLock {
    _file: File,
}

impl OutboxLock {
    /// Takes the lock, or returns None when another process holds it. The OS releases it
    /// when this process exits, however it exits.
    pub fn try_acquire(data_dir: &Path) -> std::io::Result<Option<OutboxLock>> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(data_dir.join("outbox.lock"))?;
        match file.try_lock() {
            Ok(()) => Ok(Some(OutboxLock { _file: file })),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(e)) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let first = OutboxLock::try_acquire(dir.path()).unwrap();
        assert!(first.is_some());
        assert!(OutboxLock::try_acquire(dir.path()).unwrap().is_none());
        drop(first);
        assert!(OutboxLock::try_acquire(dir.path()).unwrap().is_some());
    }
}
