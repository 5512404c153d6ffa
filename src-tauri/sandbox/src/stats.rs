//! Counts of `/v1` answers by endpoint class and status, so a benchmark or a soak can read how
//! many requests a client made and how many were refused with 429, without a proxy.

use crate::ctx::SharedCtx;
use crate::faults::Dropped;
use crate::rate_limit::endpoint_class;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::Mutex;

/// Per class (`read-light`, `write-light`), per status code (or `dropped`), a count.
#[derive(Default)]
pub struct Stats(Mutex<BTreeMap<&'static str, BTreeMap<String, u64>>>);

impl Stats {
    fn add(&self, class: &'static str, status: String) {
        let mut m = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *m.entry(class).or_default().entry(status).or_default() += 1;
    }

    /// `{"write-light": {"201": 1000, "429": 2}, "read-light": {...}}`.
    pub fn json(&self) -> Value {
        json!(*self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// Middleware, outermost on `/v1`: sees injected faults and rate limiting alike.
pub async fn count(State(ctx): State<SharedCtx>, req: Request, next: Next) -> Response {
    let class = endpoint_class(req.method(), req.uri().path());
    let resp = next.run(req).await;
    let status = if resp.extensions().get::<Dropped>().is_some() {
        "dropped".to_string()
    } else {
        resp.status().as_u16().to_string()
    };
    ctx.stats.add(class, status);
    resp
}
