//! The PostEverywhere HTTP client. Every answer's `X-RateLimit-Remaining` and `-Reset` are
//! kept per class (all requests, and `POST /posts` with its tighter windows); a request whose
//! class has no room left waits for the reset when that is near, and otherwise fails as a
//! 429 with the wait, so the outbox reschedules instead of sleeping on it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use reqwest::{header, Method, StatusCode, Url};
use serde::de::DeserializeOwned;

use super::wire::*;
use crate::api::body_limit::{read_capped, MAX_BODY_BYTES};
use crate::api::{decode, http_client, transport, ApiError, MAX_INLINE_WAIT};

pub const DEFAULT_PE_BASE_URL: &str = "https://app.posteverywhere.ai/api/v1";

/// A PostEverywhere key; its Debug form is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct PeKey(String);

impl PeKey {
    pub fn parse(input: &str) -> Result<PeKey, crate::DeskError> {
        let key = input.trim();
        if key.is_empty() {
            return Err(crate::DeskError::invalid(
                "peApiKey",
                "a PostEverywhere API key is required",
            ));
        }
        if !key.starts_with("pe_") || key.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(crate::DeskError::invalid(
                "peApiKey",
                "a PostEverywhere API key starts with pe_ and has no spaces (copy it whole from its settings page)",
            ));
        }
        Ok(PeKey(key.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for PeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PeKey(<redacted>)")
    }
}

#[derive(Debug, Clone, Copy)]
struct Room {
    remaining: u32,
    reset: DateTime<Utc>,
}

#[derive(Debug, Default)]
struct Rooms {
    all: Option<Room>,
    create: Option<Room>,
}

#[derive(Clone)]
pub struct PeClient {
    http: reqwest::Client,
    base: Url,
    key: PeKey,
    rooms: Arc<Mutex<Rooms>>,
}

impl std::fmt::Debug for PeClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PeClient")
            .field("base", &self.base.as_str())
            .finish()
    }
}

fn is_create(method: &Method, path: &str) -> bool {
    *method == Method::POST && path == "/posts"
}

impl PeClient {
    pub fn new(base: Url, key: PeKey) -> PeClient {
        PeClient {
            http: http_client(&base, Duration::from_secs(30)),
            base,
            key,
            rooms: Arc::default(),
        }
    }

    pub fn with_timeout(mut self, total: Duration) -> PeClient {
        self.http = http_client(&self.base, total);
        self
    }

    pub fn base_url(&self) -> &Url {
        &self.base
    }

    fn url(&self, path: &str) -> Url {
        let mut url = self.base.clone();
        url.set_path(&format!(
            "{}{}",
            self.base.path().trim_end_matches('/'),
            path
        ));
        url
    }

    /// How long until the class of this request has room, if it has none now.
    fn wait_for_room(&self, create: bool) -> Option<Duration> {
        let rooms = self.rooms.lock().unwrap_or_else(|p| p.into_inner());
        let now = Utc::now();
        [rooms.all, if create { rooms.create } else { None }]
            .into_iter()
            .flatten()
            .filter(|r| r.remaining == 0 && r.reset > now)
            .map(|r| (r.reset - now).to_std().unwrap_or_default())
            .max()
    }

    fn note_room(&self, create: bool, headers: &header::HeaderMap) {
        let num = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<i64>().ok())
        };
        let (Some(remaining), Some(reset)) =
            (num("x-ratelimit-remaining"), num("x-ratelimit-reset"))
        else {
            return;
        };
        let Some(reset) = Utc.timestamp_opt(reset, 0).single() else {
            return;
        };
        let room = Some(Room {
            remaining: remaining.max(0) as u32,
            reset,
        });
        let mut rooms = self.rooms.lock().unwrap_or_else(|p| p.into_inner());
        if create {
            rooms.create = room;
        } else {
            rooms.all = room;
        }
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<Vec<u8>>,
    ) -> Result<(StatusCode, Vec<u8>), ApiError> {
        let create = is_create(&method, path);
        if let Some(wait) = self.wait_for_room(create) {
            if wait > MAX_INLINE_WAIT {
                return Err(ApiError::Http {
                    status: 429,
                    code: "rate_limited".into(),
                    message: format!(
                        "PostEverywhere's rate limit is used up for {} s more",
                        wait.as_secs().max(1)
                    ),
                    request_id: None,
                    details: serde_json::Value::Null,
                    retry_after: Some(wait),
                });
            }
            tokio::time::sleep(wait).await;
        }
        let mut req = self
            .http
            .request(method, self.url(path))
            .bearer_auth(self.key.expose())
            .header(header::ACCEPT, "application/json");
        if !query.is_empty() {
            req = req.query(query);
        }
        if let Some(b) = body {
            req = req.header(header::CONTENT_TYPE, "application/json").body(b);
        }
        let resp = req.send().await.map_err(transport)?;
        let status = resp.status();
        self.note_room(create, resp.headers());
        let retry_after = resp
            .headers()
            .get(header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let bytes = read_capped(resp, MAX_BODY_BYTES)
            .await?
            .ok_or_else(|| ApiError::Decode {
                status: status.as_u16(),
                message: "the answer is larger than any the app reads".into(),
                request_id: None,
            })?;
        if status.is_success() {
            Ok((status, bytes))
        } else {
            Err(ApiError::from_response(
                status.as_u16(),
                None,
                retry_after,
                &bytes,
            ))
        }
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&serde_json::Value>,
    ) -> Result<T, ApiError> {
        let body = body.map(|b| serde_json::to_vec(b).expect("JSON values serialize"));
        let (status, bytes) = self.send(method, path, query, body).await?;
        decode::<Envelope<T>>(status, &bytes).map(|e| e.data)
    }

    pub async fn accounts(&self) -> Result<Vec<AccountWire>, ApiError> {
        Ok(self
            .call::<AccountsWire>(Method::GET, "/accounts", &[], None)
            .await?
            .accounts)
    }

    /// Sends the frozen body of a plan as it was stored.
    pub async fn create_post(&self, body: &[u8]) -> Result<CreatedWire, ApiError> {
        let (status, bytes) = self
            .send(Method::POST, "/posts", &[], Some(body.to_vec()))
            .await?;
        decode::<Envelope<CreatedWire>>(status, &bytes).map(|e| e.data)
    }

    pub async fn posts_page(&self, offset: u32, limit: u32) -> Result<Vec<PostWire>, ApiError> {
        let query = [("limit", limit.to_string()), ("offset", offset.to_string())];
        Ok(self
            .call::<PostsPage>(Method::GET, "/posts", &query, None)
            .await?
            .posts)
    }

    pub async fn results(&self, post_id: &str) -> Result<ResultsWire, ApiError> {
        self.call(Method::GET, &format!("/posts/{post_id}/results"), &[], None)
            .await
    }

    /// Re-queues the failed destinations of these accounts only.
    pub async fn retry(&self, post_id: &str, accounts: &[i64]) -> Result<u32, ApiError> {
        let body = serde_json::json!({ "account_ids": accounts });
        Ok(self
            .call::<RetriedWire>(
                Method::POST,
                &format!("/posts/{post_id}/retry"),
                &[],
                Some(&body),
            )
            .await?
            .retried_count)
    }

    pub async fn delete(&self, post_id: &str) -> Result<(), ApiError> {
        self.send(Method::DELETE, &format!("/posts/{post_id}"), &[], None)
            .await
            .map(|_| ())
    }
}
