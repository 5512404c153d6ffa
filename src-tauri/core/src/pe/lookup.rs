//! Whether a post whose attempt's outcome is unknown exists. PostEverywhere takes no
//! idempotency key, so before any resend the account's posts are read and matched against
//! the plan's fingerprint. The list has no total and no documented order (`pe-list-order`):
//! when its first page runs newest first the reading stops at the first page older than the
//! attempt; otherwise it reads to the end, up to `MAX_PAGES`, and says it could not tell.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};

use super::client::PeClient;
use super::request::Fingerprint;
use super::wire::PostWire;
use crate::api::ApiError;

const PAGE: u32 = 100;
pub const MAX_PAGES: u32 = 30;
/// Clocks of the desk and the server may disagree by this much.
const SKEW: Duration = Duration::minutes(10);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Looked {
    /// The post exists under this id.
    Found(String),
    /// Every post made since the attempt was read, and none is this one.
    Absent,
    /// The list was longer than the look reads: nothing can be said.
    Unsure,
}

fn created(p: &PostWire) -> Option<DateTime<Utc>> {
    p.created_at
        .as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc))
}

/// `since`: when the first attempt that may have written it started. `taken`: post ids
/// other plans of this desk already own (the same text twice is two posts, not one).
pub async fn look(
    client: &PeClient,
    fingerprint: &Fingerprint,
    since: DateTime<Utc>,
    taken: &HashSet<String>,
) -> Result<Looked, ApiError> {
    let window = since - SKEW;
    let mut newest_first: Option<bool> = None;
    for page in 0..MAX_PAGES {
        let posts = client.posts_page(page * PAGE, PAGE).await?;
        for p in &posts {
            let Some(id) = p.key() else { continue };
            if taken.contains(id) || created(p).is_some_and(|t| t < window) {
                continue;
            }
            if fingerprint.matches(p) {
                return Ok(Looked::Found(id.to_string()));
            }
        }
        if (posts.len() as u32) < PAGE {
            return Ok(Looked::Absent);
        }
        let first = created(&posts[0]);
        let last = created(&posts[posts.len() - 1]);
        let order =
            *newest_first.get_or_insert(matches!((first, last), (Some(a), Some(b)) if a > b));
        if order && last.is_some_and(|t| t < window) {
            return Ok(Looked::Absent);
        }
    }
    Ok(Looked::Unsure)
}
