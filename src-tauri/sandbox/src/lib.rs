//! `layers-sandbox`: a stateful emulator of the Layers partner API on loopback.
//!
//! Start it in-process with [`Sandbox::start`], or run the `layers-sandbox` binary.
//! Admin routes under `/_sandbox/` expose the fixture, the post ledger, the SMS outbox,
//! the clock and the fault settings.

pub mod auth;
pub mod body;
pub mod clock;
pub mod config;
pub mod ctx;
pub mod demo_media;
pub mod envelope;
pub mod errors;
pub mod faults;
pub mod fixture;
pub mod idempotency;
pub mod ids;
pub mod local_only;
pub mod pe;
pub mod publisher;
pub mod rate_limit;
pub mod readings;
pub mod routes;
pub mod server;
pub mod state;
pub mod stats;
pub mod targets;
pub mod team_posts;

pub use config::{Faults, SandboxConfig, Tier};
pub use fixture::{Fixture, FixtureKey};
pub use readings::{Reading, Readings};
pub use server::Sandbox;
