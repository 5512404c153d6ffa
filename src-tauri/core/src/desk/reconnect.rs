//! The start-up reconnect. The queue and cache are local, so while the app reconnects the
//! way it was last used, that connection's project can already be read and added to: the
//! window shows the queue at once instead of waiting on the network (or on its timeout).

use std::sync::atomic::Ordering;

use super::{lock, Desk};
use crate::error::{DeskError, Result};
use crate::model::{ChangeTopic, ConnectionInfo};

impl Desk {
    /// Says a start-up reconnect began, to the sandbox or to the saved live connection. Until
    /// it ends, the saved connection answers the local reads, if it is of the kind being
    /// reconnected (a `--sandbox` start does not show a live project's queue, nor the reverse).
    pub fn begin_reconnect(&self, sandbox: bool) {
        // A saved connection that cannot be read only means the queue waits for the session.
        let saved = self
            .saved_connection()
            .ok()
            .flatten()
            .map(|s| s.info)
            .filter(|info| info.sandbox == sandbox);
        *lock(&self.reconnecting_to) = saved;
        self.reconnecting.store(true, Ordering::Relaxed);
        self.changes.send(ChangeTopic::Status);
    }

    /// The reconnect ended, with a session or without (the status then says which).
    pub fn end_reconnect(&self) {
        *lock(&self.reconnecting_to) = None;
        self.reconnecting.store(false, Ordering::Relaxed);
        self.changes.send(ChangeTopic::Status);
    }

    /// The connection whose project the local queue and cache show: the session's, or while
    /// reconnecting, the one being reconnected to. Plans queued then go out once a session on
    /// that project runs (if the key now leads elsewhere, they wait for that project).
    pub(super) fn local_connection(&self) -> Result<ConnectionInfo> {
        if let Some(session) = lock(&self.session).as_ref() {
            return Ok(session.info.clone());
        }
        lock(&self.reconnecting_to)
            .clone()
            .ok_or(DeskError::NotConnected)
    }
}
