//! The loopback page an OAuth sign-in returns to, on the one fixed port a key's allowlist can
//! hold (`layers_core::oauth_return`). It runs only while a sign-in is open (`lifecycle`) and
//! answers only browser page loads addressed to it (`page`).

mod lifecycle;
mod page;

pub use lifecycle::ReturnPage;
pub use page::{OnReturn, Returned, OAUTH_RETURNED_EVENT};
