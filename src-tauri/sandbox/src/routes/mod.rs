//! HTTP routes. Each file holds one area of the API.

pub mod accounts;
pub mod admin;
pub mod content;
pub mod demo;
pub mod leases;
pub mod misc;
pub mod music;
pub mod notify;
pub mod oauth;
pub mod posts;
pub mod publish;
pub mod uploads;

use crate::ctx::SharedCtx;
use crate::errors::{ApiError, ApiResult};
use crate::state::{Project, State};
use crate::{auth, envelope, faults, idempotency, rate_limit, readings, stats};
use axum::middleware::from_fn_with_state;
use axum::routing::{delete, get, post, put};
use axum::Router;

/// The whole application.
pub fn router(ctx: SharedCtx) -> Router {
    let v1 = Router::new()
        .route("/v1/whoami", get(misc::whoami))
        .route("/v1/projects", get(misc::list_projects))
        .route("/v1/projects/{project_id}", get(misc::get_project))
        .route("/v1/projects/{project_id}/content", get(content::list))
        .route(
            "/v1/projects/{project_id}/content-review-policy",
            get(content::get_policy).patch(content::patch_policy),
        )
        .route(
            "/v1/content/{id}",
            get(content::get_one).patch(uploads::patch),
        )
        .route(
            "/v1/projects/{project_id}/content/uploads",
            post(uploads::reserve),
        )
        .route(
            "/v1/projects/{project_id}/content/upload",
            post(uploads::import),
        )
        .route("/v1/content/{id}/finalize-upload", post(uploads::finalize))
        .route("/v1/content/{id}/approve", post(content::approve))
        .route("/v1/content/{id}/reject", post(content::reject))
        .route("/v1/content/{id}/publish", post(publish::publish))
        .route("/v1/content/{id}/schedule", post(publish::schedule))
        .route(
            "/v1/content/{id}/notify-device",
            post(notify::notify_device),
        )
        .route(
            "/v1/projects/{project_id}/scheduled-posts",
            get(posts::list),
        )
        .route(
            "/v1/scheduled-posts/{id}",
            get(posts::get_one).delete(posts::cancel),
        )
        .route(
            "/v1/scheduled-posts/{id}/reschedule",
            post(posts::reschedule),
        )
        .route("/v1/tiktok-music", get(music::list))
        .route(
            "/v1/projects/{project_id}/social-accounts",
            get(accounts::list),
        )
        .route("/v1/social-accounts/{id}", delete(accounts::revoke))
        .route(
            "/v1/projects/{project_id}/social/oauth-url",
            post(oauth::oauth_url),
        )
        .route(
            "/v1/projects/{project_id}/social/reauth-url",
            post(oauth::reauth_url),
        )
        .route("/v1/social/oauth-status/{state}", get(oauth::status))
        .route(
            "/v1/projects/{project_id}/leased-accounts/request",
            post(leases::request),
        )
        .route(
            "/v1/projects/{project_id}/leased-accounts/requests/{request_id}",
            get(leases::status),
        )
        .route("/v1/leased-accounts/{id}", delete(leases::release))
        .route_layer(from_fn_with_state(ctx.clone(), readings::inner))
        .route_layer(from_fn_with_state(ctx.clone(), idempotency::replay))
        .route_layer(from_fn_with_state(ctx.clone(), rate_limit::enforce))
        .route_layer(from_fn_with_state(ctx.clone(), auth::require_key))
        .route_layer(from_fn_with_state(ctx.clone(), faults::inject))
        .route_layer(from_fn_with_state(ctx.clone(), stats::count))
        .route_layer(from_fn_with_state(ctx.clone(), readings::outer));

    // The presigned PUT carries no key (its signature stands for one); faults apply to it.
    let storage = Router::new()
        .route("/_sandbox/upload/{token}", put(uploads::put))
        .route_layer(from_fn_with_state(ctx.clone(), faults::inject));

    let admin = Router::new()
        .route("/_sandbox/media/{token}", get(uploads::media))
        .route("/_sandbox/demo/{uuid}/{file}", get(demo::file))
        .route("/_sandbox/uploads", get(admin::uploads))
        .route("/_sandbox/fixture", get(admin::fixture))
        .route("/_sandbox/posts", get(admin::posts))
        .route("/_sandbox/stats", get(admin::stats))
        .route("/_sandbox/sms", get(admin::sms))
        .route("/_sandbox/sms/provider", post(admin::sms_provider))
        .route("/_sandbox/clock", get(admin::clock))
        .route("/_sandbox/clock/advance", post(admin::clock_advance))
        .route("/_sandbox/clock/scale", post(admin::clock_scale))
        .route(
            "/_sandbox/faults",
            get(admin::get_faults).post(admin::set_faults),
        )
        .route("/_sandbox/containers", post(admin::create_containers))
        .route(
            "/_sandbox/containers/{id}/approve",
            post(admin::approve_container),
        )
        .route(
            "/_sandbox/containers/{id}/complete",
            post(admin::complete_container),
        )
        .route(
            "/_sandbox/accounts/{id}/expire",
            post(admin::expire_account),
        )
        .route("/_sandbox/leases", get(admin::list_leases))
        .route("/_sandbox/leases/{id}/assign", post(admin::assign_lease))
        .route("/_sandbox/leases/{id}/reject", post(admin::reject_lease))
        .route("/_sandbox/oauth/consent", get(oauth::consent_page))
        .route(
            "/_sandbox/oauth/decide",
            get(oauth::decide_get).post(oauth::decide_post),
        );

    v1.merge(storage)
        .merge(admin)
        .fallback(envelope::not_found)
        .layer(from_fn_with_state(ctx.clone(), envelope::envelope))
        .with_state(ctx)
}

/// A project of the caller's organization (accepts `prj_<uuid>` or a bare uuid).
pub fn project<'a>(s: &'a State, id: &str) -> ApiResult<&'a Project> {
    let id = crate::state::normalize_id("prj_", id);
    s.project(&id)
        .filter(|p| p.organization_id == s.organization.id)
        .ok_or_else(|| ApiError::not_found("Project not found."))
}

/// `404 NOT_FOUND` for a container.
pub fn container_not_found() -> ApiError {
    ApiError::not_found("Container not found.")
}
