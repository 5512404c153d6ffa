//! An emulator of the PostEverywhere API (issue #16), beside the Layers one and sharing
//! nothing with it but the fault shares and the loopback guard: accounts with health, media
//! upload through a presigned PUT, posts fanned out to destinations that take time to
//! publish (and can fail and be retried), the three rolling rate-limit windows, and faults.
//! Where the vendor's pages leave a point open, `PeReadings` picks the reading served.

mod envelope;
mod limits;
mod media;
mod posts;
mod readings;
mod routes;
mod server;
mod state;

pub use limits::PeLimits;
pub use readings::{PeReading, PeReadings};
pub use server::{PeConfig, PeSandbox, PE_SANDBOX_KEY};
