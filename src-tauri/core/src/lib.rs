//! Layers Desk core: everything but the window. No tauri dependency, so it builds and tests
//! without webkit, and the CLI shares it.

pub mod api;
pub mod bindings;
pub mod changes;
pub mod clock;
mod desk;
pub mod error;
pub mod error_code;
pub mod fresh_start;
pub mod media_cache;
pub mod media_rules;
pub mod model;
pub mod oauth_return;
pub mod outbox;
pub mod pe;
pub mod phone;
pub mod plan_csv;
pub mod plan_machine;
pub mod platform_limits;
pub mod redact;
pub mod rules;
pub mod schedule_time;
pub mod secrets;
pub mod store;
pub mod upload_live;
pub mod words;

pub use desk::{Desk, PeAccount, UploadBatch, MAX_PAGE_PLANS};
pub use error::DeskError;
