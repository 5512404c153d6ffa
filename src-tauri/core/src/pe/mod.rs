//! PostEverywhere, the second publishing service (issue #16): its per-network settings and
//! rules (`content`), its wire format (`wire`), the HTTP client with its three rate-limit
//! windows (`client`), the frozen request of a plan and how a post that may exist is
//! recognised in the account's list (`request`, `lookup`). The queue, the plan state machine
//! and the timeline are the app's own and serve both services; `docs/DESIGN.md` draws the
//! boundary.

pub mod client;
pub mod content;
pub mod lookup;
pub mod request;
pub mod wire;

pub use client::{PeClient, PeKey, DEFAULT_PE_BASE_URL};
pub use content::{Network, NetworkSettings};
pub use request::{PeDestination, PePostInput};

/// The value of `plans.service` for a plan sent through PostEverywhere.
pub const SERVICE: &str = "posteverywhere";
/// A PostEverywhere account as the queue names it (`pe:2281`), apart from Layers' `sa_` ids.
pub fn account_ref(id: i64) -> String {
    format!("pe:{id}")
}

pub fn parse_account_ref(r: &str) -> Option<i64> {
    r.strip_prefix("pe:")?.parse().ok()
}
