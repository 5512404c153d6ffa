//! A typed client for the parts of the Layers API the app uses.

pub mod accounts;
mod base_url;
pub(crate) mod body_limit;
mod error;
pub mod pacing;
pub mod review;
pub mod upload_session;
pub mod uploads;
pub mod wire;

use std::sync::Arc;
use std::time::Duration;

use reqwest::{header, Method, StatusCode, Url};
use serde::de::DeserializeOwned;

pub use base_url::{is_loopback, parse_base_url, DEFAULT_BASE_URL};
pub use body_limit::MAX_BODY_BYTES;
pub use error::ApiError;
use pacing::{Class, Pacing};
use wire::*;

/// The longest `Retry-After` a read or a handoff waits out in place before giving up.
pub const MAX_INLINE_WAIT: Duration = Duration::from_secs(10);

/// An API key. Its Debug form is redacted so it cannot leak through logs or error chains.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    pub fn parse(input: &str) -> Result<ApiKey, crate::DeskError> {
        let key = input.trim();
        if key.is_empty() {
            return Err(crate::DeskError::invalid("apiKey", "API key is required"));
        }
        if !key.starts_with("lp_") || key.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(crate::DeskError::invalid(
                "apiKey",
                "API key must start with lp_ and contain no spaces (copy it whole from the Layers dashboard)",
            ));
        }
        Ok(ApiKey(key.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: Url,
    key: ApiKey,
    pacing: Arc<Pacing>,
    /// For presigned PUTs: no key, no total timeout of its own (each PUT sets one by size).
    uploads: reqwest::Client,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base.as_str())
            .field("key", &self.key)
            .finish()
    }
}

impl Client {
    pub fn new(base: Url, key: ApiKey) -> Client {
        Client {
            http: http_client(&base, Duration::from_secs(30)),
            uploads: upload_client(&base),
            base,
            key,
            pacing: Arc::new(Pacing::for_tier(None)),
        }
    }

    /// Bounds each request, body included, to `total` (30 s by default): a server that
    /// drips its answer byte by byte fails as a timeout instead of hanging the outbox.
    pub fn with_timeout(mut self, total: Duration) -> Client {
        self.http = http_client(&self.base, total);
        self
    }

    /// Paces requests to the rate limits of the key's tier (from `whoami`).
    pub fn with_tier(mut self, tier: Option<&str>) -> Client {
        self.pacing = Arc::new(Pacing::for_tier(tier));
        self
    }

    /// Paces this client and every clone of it to `tier`, for a session that started
    /// offline with the default (slowest) limits and learns its tier on reconnecting.
    pub fn adopt_tier(&self, tier: Option<&str>) {
        self.pacing.adopt_tier(tier);
    }

    pub fn base_url(&self) -> &Url {
        &self.base
    }

    fn url(&self, path: &str) -> Url {
        let mut url = self.base.clone();
        let joined = format!("{}{}", self.base.path().trim_end_matches('/'), path);
        url.set_path(&joined);
        url
    }

    /// Sends one request and returns the body of a 2xx answer, or the typed error.
    async fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        idempotency_key: Option<&str>,
        body: Option<Vec<u8>>,
    ) -> Result<(StatusCode, Vec<u8>), ApiError> {
        let class = if method == Method::GET {
            Class::Read
        } else {
            Class::Write
        };
        self.pacing.ready(class).await;
        let mut req = self
            .http
            .request(method, self.url(path))
            .bearer_auth(self.key.expose())
            .query(query);
        if let Some(k) = idempotency_key {
            req = req.header("Idempotency-Key", k);
        }
        if let Some(b) = body {
            req = req.header(header::CONTENT_TYPE, "application/json").body(b);
        }
        let resp = req.send().await.map_err(transport)?;
        let status = resp.status();
        let request_id = resp
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        if status.is_redirection() {
            let location = resp
                .headers()
                .get(header::LOCATION)
                .and_then(|v| v.to_str().ok());
            return Err(ApiError::redirected(
                status.as_u16(),
                request_id,
                location,
                resp.url(),
            ));
        }
        let retry_after = resp
            .headers()
            .get(header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| error::retry_after(v, chrono::Utc::now()));
        if status == StatusCode::TOO_MANY_REQUESTS {
            self.pacing
                .pause(class, retry_after.unwrap_or(Duration::from_secs(1)));
        }
        let Some(bytes) = body_limit::read_capped(resp, MAX_BODY_BYTES).await? else {
            return Err(if status.is_success() {
                ApiError::Decode {
                    status: status.as_u16(),
                    message: format!(
                        "the response is larger than {} MiB and was not read",
                        MAX_BODY_BYTES / (1024 * 1024)
                    ),
                    request_id,
                }
            } else {
                ApiError::from_response(status.as_u16(), request_id, retry_after, &[])
            });
        };
        if status.is_success() {
            Ok((status, bytes))
        } else {
            Err(ApiError::from_response(
                status.as_u16(),
                request_id,
                retry_after,
                &bytes,
            ))
        }
    }

    /// A read, retried a few times on transient failures: reads change nothing, so a
    /// retry is always safe, and one 503 should not fail a whole refresh.
    async fn get_json<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T, ApiError> {
        const ATTEMPTS: u32 = 3;
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.send(Method::GET, path, query, None, None).await {
                Ok((status, bytes)) => return decode(status, &bytes),
                // A long Retry-After (a daily cap) is the caller's to wait out, not a sleep here.
                Err(e)
                    if e.is_retryable()
                        && attempt < ATTEMPTS
                        && e.retry_after().is_none_or(|w| w <= MAX_INLINE_WAIT) =>
                {
                    let wait = e
                        .retry_after()
                        .unwrap_or(Duration::from_millis(100 * u64::from(attempt)));
                    tokio::time::sleep(wait).await;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Follows `nextCursor` until the list ends, with a page cap against a runaway server.
    async fn get_all<T: DeserializeOwned>(
        &self,
        path: &str,
        limit: u32,
    ) -> Result<Listed<T>, ApiError> {
        const MAX_PAGES: usize = 200;
        let mut items = Vec::new();
        let mut skipped = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let mut query = vec![("limit", limit.to_string())];
            if let Some(c) = cursor.take() {
                query.push(("cursor", c));
            }
            let page: Page<T> = self.get_json(path, &query).await?;
            // An empty page ends the list too, whatever cursor came with it.
            let empty = page.items.is_empty() && page.skipped.is_empty();
            items.extend(page.items);
            skipped.extend(page.skipped);
            match page.next_cursor {
                Some(next) if !next.is_empty() && !empty => cursor = Some(next),
                _ => break,
            }
        }
        Ok(Listed { items, skipped })
    }

    pub async fn whoami(&self) -> Result<WhoAmI, ApiError> {
        self.get_json("/v1/whoami", &[]).await
    }

    pub async fn projects(&self) -> Result<Vec<Project>, ApiError> {
        Ok(self.get_all("/v1/projects", 100).await?.items)
    }

    pub async fn containers(&self, project_id: &str) -> Result<Listed<ContainerWire>, ApiError> {
        self.get_all(&format!("/v1/projects/{project_id}/content"), 200)
            .await
    }

    pub async fn accounts(&self, project_id: &str) -> Result<Listed<AccountWire>, ApiError> {
        self.get_all(&format!("/v1/projects/{project_id}/social-accounts"), 200)
            .await
    }

    /// Sends a frozen publish or schedule body. The bytes go out as they are, so a retry
    /// with the same idempotency key is byte-for-byte the same request.
    pub async fn submit(
        &self,
        action: crate::model::PlanAction,
        container_id: &str,
        idempotency_key: &str,
        body: &[u8],
    ) -> Result<PlanAccepted, ApiError> {
        let (status, bytes) = self
            .send(
                Method::POST,
                &format!("/v1/content/{container_id}/{}", action.as_str()),
                &[],
                Some(idempotency_key),
                Some(body.to_vec()),
            )
            .await?;
        let mut accepted: PlanAccepted = decode(status, &bytes)?;
        // A 202 that names no posts is a schedule held for approval, said or not.
        if status == StatusCode::ACCEPTED
            && accepted.gate_status.is_none()
            && accepted.scheduled_post_ids.is_empty()
        {
            accepted.gate_status = Some("blocked_on_approval".into());
        }
        Ok(accepted)
    }

    /// "Text me this post": sends the container's media, caption and posting instructions
    /// to a phone (the key owner's when `phone` is None).
    pub async fn notify_device(
        &self,
        container_id: &str,
        idempotency_key: &str,
        phone: Option<&str>,
    ) -> Result<NotifyDeviceSent, ApiError> {
        let body = match phone {
            Some(p) => serde_json::json!({ "phoneNumber": p }),
            None => serde_json::json!({}),
        };
        let (status, bytes) = self
            .send(
                Method::POST,
                &format!("/v1/content/{container_id}/notify-device"),
                &[],
                Some(idempotency_key),
                Some(body.to_string().into_bytes()),
            )
            .await?;
        decode(status, &bytes)
    }

    pub async fn music(&self) -> Result<MusicCatalog, ApiError> {
        self.get_json("/v1/tiktok-music", &[]).await
    }

    pub async fn container(&self, id: &str) -> Result<ContainerWire, ApiError> {
        self.get_json(&format!("/v1/content/{id}"), &[]).await
    }

    /// One page of the project's scheduled posts whose time is within `since..=until`,
    /// of one account when `account` is given.
    pub async fn scheduled_posts_page(
        &self,
        project_id: &str,
        since: &str,
        until: &str,
        account: Option<&str>,
        cursor: Option<&str>,
    ) -> Result<Page<ScheduledPost>, ApiError> {
        let mut query = vec![
            ("since", since.to_string()),
            ("until", until.to_string()),
            ("limit", "100".to_string()),
        ];
        if let Some(a) = account {
            query.push(("socialAccountId", a.to_string()));
        }
        if let Some(c) = cursor {
            query.push(("cursor", c.to_string()));
        }
        self.get_json(
            &format!("/v1/projects/{project_id}/scheduled-posts"),
            &query,
        )
        .await
    }

    pub async fn cancel_post(&self, id: &str, reason: Option<&str>) -> Result<(), ApiError> {
        // No `reason` key at all when there is none: a null may be refused as a wrong type.
        let body = match reason {
            Some(r) => serde_json::json!({ "reason": r }),
            None => serde_json::json!({}),
        };
        let body = serde_json::to_vec(&body).map_err(|e| ApiError::Transport {
            message: e.to_string(),
        })?;
        let key = uuid::Uuid::new_v4().to_string();
        self.send(
            Method::DELETE,
            &format!("/v1/scheduled-posts/{id}"),
            &[],
            Some(&key),
            Some(body),
        )
        .await
        .map(|_| ())
    }

    /// Moves a queued post; `key` is the move's own, kept across resends of the same move.
    pub async fn reschedule_post(
        &self,
        id: &str,
        scheduled_for: &str,
        key: &str,
    ) -> Result<(), ApiError> {
        let body = serde_json::to_vec(&serde_json::json!({ "scheduledFor": scheduled_for }))
            .map_err(|e| ApiError::Transport {
                message: e.to_string(),
            })?;
        self.send(
            Method::POST,
            &format!("/v1/scheduled-posts/{id}/reschedule"),
            &[],
            Some(key),
            Some(body),
        )
        .await
        .map(|_| ())
    }

    pub async fn scheduled_post(&self, id: &str) -> Result<ScheduledPost, ApiError> {
        self.get_json(&format!("/v1/scheduled-posts/{id}"), &[])
            .await
    }
}

/// The HTTP client for one base URL. It follows no redirect: reqwest would keep the key on
/// an https-to-http hop that stays on the host, and re-send bodies on 307/308. A loopback
/// base (the sandbox, a test server) never goes through a proxy, which would see its plain
/// http; any other base is https only, so a proxy from the environment only ever tunnels
/// TLS (CONNECT) and never reads the key.
pub(crate) fn http_client(base: &Url, total: Duration) -> reqwest::Client {
    builder(base, Duration::from_secs(10).min(total))
        .timeout(total)
        .build()
        .expect("a TLS backend is compiled in")
}

/// The client for presigned PUTs: the same rules, and no total timeout of its own (each PUT
/// sets one by its size).
fn upload_client(base: &Url) -> reqwest::Client {
    builder(base, Duration::from_secs(10))
        .build()
        .expect("a TLS backend is compiled in")
}

fn builder(base: &Url, connect: Duration) -> reqwest::ClientBuilder {
    let builder = reqwest::Client::builder()
        .connect_timeout(connect)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("layers-desk/", env!("CARGO_PKG_VERSION")));
    if is_loopback(base) {
        builder.no_proxy()
    } else {
        builder.https_only(true)
    }
}

pub(crate) fn transport(e: reqwest::Error) -> ApiError {
    // reqwest's message names the URL but never the headers, so the key cannot leak here.
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "connection failed"
    };
    ApiError::Transport {
        message: format!("{kind} ({})", e.without_url()),
    }
}

/// Names the field that broke the contract (`items[3].status: invalid type ...`), so a
/// report of a bad answer points at what the server got wrong.
pub(crate) fn decode<T: DeserializeOwned>(status: StatusCode, bytes: &[u8]) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut de)
        .map_err(|e| match e.path().to_string().as_str() {
            "." => e.inner().to_string(),
            path => format!("{path}: {}", e.inner()),
        })
        .and_then(|v| de.end().map(|()| v).map_err(|e| e.to_string()))
        .map_err(|why| ApiError::Decode {
            status: status.as_u16(),
            message: format!(
                "the response body did not match the API contract: {}",
                crate::redact::secrets(&why)
            ),
            request_id: None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_key_debug_is_redacted() {
        let key = ApiKey::parse("lp_test_abc_secret").unwrap();
        assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
        let client = Client::new(parse_base_url("https://api.layers.com").unwrap(), key);
        assert!(!format!("{client:?}").contains("secret"));
    }

    #[test]
    fn api_key_rules_name_the_field() {
        for bad in ["", "   ", "sk_live_x", "lp_test x"] {
            match ApiKey::parse(bad) {
                Err(crate::DeskError::Invalid { field, .. }) => assert_eq!(field, "apiKey"),
                other => panic!("{bad:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn paths_join_onto_a_base_with_a_prefix() {
        let key = ApiKey::parse("lp_test_k").unwrap();
        let c = Client::new(parse_base_url("https://h.example/api/").unwrap(), key);
        assert_eq!(
            c.url("/v1/whoami").as_str(),
            "https://h.example/api/v1/whoami"
        );
    }
}
