//! Conformance suite: every test starts its own sandbox on port 0 and talks to it over real
//! loopback HTTP. Tests are named after the rule they prove.

#[allow(dead_code)]
mod common;

mod accounts;
mod auth;
mod content;
mod faults;
mod idempotency;
mod local_only;
mod notify;
mod oauth;
mod posts;
mod publish;
mod readings;
mod schedule;
