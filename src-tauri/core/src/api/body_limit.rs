//! Reading a response body with a ceiling, so a hostile or broken server cannot make the
//! app hold an unbounded answer in memory.

use super::{transport, ApiError};

/// No answer the app reads comes near this: a full page of 200 containers is well under 1 MiB.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// The body, or `None` when it is larger than `limit` (the rest is not read).
pub(crate) async fn read_capped(
    mut resp: reqwest::Response,
    limit: usize,
) -> Result<Option<Vec<u8>>, ApiError> {
    if resp.content_length().is_some_and(|n| n > limit as u64) {
        return Ok(None);
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(transport)? {
        if body.len() + chunk.len() > limit {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body))
}
