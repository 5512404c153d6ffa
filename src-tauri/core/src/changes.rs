//! Change notifications: store writes announce what changed, and the app forwards that to
//! the UI, which re-reads (it keeps no copy of its own).

use tokio::sync::broadcast;

use crate::model::ChangeTopic;

#[derive(Clone)]
pub struct Changes(broadcast::Sender<ChangeTopic>);

impl Default for Changes {
    fn default() -> Self {
        Changes(broadcast::channel(64).0)
    }
}

impl Changes {
    pub fn send(&self, topic: ChangeTopic) {
        // No subscriber is fine: nobody is looking.
        let _ = self.0.send(topic);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<ChangeTopic> {
        self.0.subscribe()
    }
}
