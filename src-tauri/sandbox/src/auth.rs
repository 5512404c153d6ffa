//! `Authorization: Bearer <key>` on `/v1`, and the `Caller` extractor with scope checks.

use crate::ctx::SharedCtx;
use crate::errors::{ApiError, ApiResult};
use crate::state::ApiKey;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The API key a request was made with.
#[derive(Debug, Clone)]
pub struct Caller {
    pub key: ApiKey,
    pub organization_id: String,
}

impl Caller {
    /// `403 FORBIDDEN_SCOPE` unless the key holds `scope` (or `*`).
    pub fn require(&self, scope: &str) -> ApiResult<()> {
        if self.key.has_scope(scope) {
            Ok(())
        } else {
            Err(ApiError::forbidden_scope(scope))
        }
    }

    /// The id written into `approvedBy` / `rejectedBy`.
    pub fn actor(&self) -> String {
        format!("api_key_{}", self.key.id.trim_start_matches("key_"))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Caller>()
            .cloned()
            .ok_or_else(|| ApiError::unauthenticated("Missing API key."))
    }
}

/// Bearer token of a request, if well-formed.
pub fn bearer(req: &Request) -> Option<&str> {
    let value = req.headers().get("authorization")?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let token = token.trim();
    (!token.is_empty()).then_some(token)
}

/// Middleware: resolves the key or answers `401 UNAUTHENTICATED`.
pub async fn require_key(State(ctx): State<SharedCtx>, mut req: Request, next: Next) -> Response {
    let Some(token) = bearer(&req) else {
        return ApiError::unauthenticated(
            "Missing API key. Send it as 'Authorization: Bearer lp_...'.",
        )
        .into_response();
    };
    let caller = {
        let s = ctx.state();
        s.key_by_secret(token).map(|k| Caller {
            key: k.clone(),
            organization_id: s.organization.id.clone(),
        })
    };
    match caller {
        Some(c) => {
            req.extensions_mut().insert(c);
            next.run(req).await
        }
        None => ApiError::unauthenticated("Invalid or revoked API key.").into_response(),
    }
}
