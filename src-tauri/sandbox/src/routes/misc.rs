//! `GET /v1/whoami` and the projects routes.

use crate::auth::Caller;
use crate::body::{cursor, Query};
use crate::clock::iso;
use crate::ctx::SharedCtx;
use crate::errors::ApiResult;
use axum::extract::{Path, RawQuery, State};
use axum::Json;
use serde_json::{json, Value};

pub async fn whoami(State(ctx): State<SharedCtx>, caller: Caller) -> Json<Value> {
    let s = ctx.state();
    Json(json!({
        "organizationId": s.organization.id,
        "workspaceId": s.organization.workspace_id,
        "organizationName": s.organization.name,
        "scopes": caller.key.scopes,
        "parentOrganizationId": s.organization.parent_organization_id,
        "rateLimitTier": ctx.tier.as_str(),
        "apiKeyId": caller.key.id,
    }))
}

pub async fn list_projects(
    State(ctx): State<SharedCtx>,
    _caller: Caller,
    RawQuery(q): RawQuery,
) -> ApiResult<Json<Value>> {
    let q = Query::parse(q.as_deref())?;
    let limit = q.limit(50, 200)?;
    let s = ctx.state();
    let mut items: Vec<_> = s
        .projects
        .iter()
        .filter(|p| p.organization_id == s.organization.id)
        .collect();
    items.sort_by_key(|p| std::cmp::Reverse((iso(p.created_at), p.id.clone())));
    let (page, next) = cursor::page(
        items,
        |p| (iso(p.created_at), p.id.clone()),
        q.get("cursor"),
        limit,
    )?;
    let items: Vec<Value> = page.iter().map(|p| p.wire()).collect();
    Ok(Json(json!({ "items": items, "nextCursor": next })))
}

pub async fn get_project(
    State(ctx): State<SharedCtx>,
    _caller: Caller,
    Path(project_id): Path<String>,
) -> ApiResult<Json<Value>> {
    let s = ctx.state();
    Ok(Json(super::project(&s, &project_id)?.wire()))
}
