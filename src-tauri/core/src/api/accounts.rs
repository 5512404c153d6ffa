//! Social accounts beyond the list: OAuth connect and reconnect, revoke, leased accounts.

use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{decode, ApiError, Client};

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OAuthUrlWire {
    pub authorize_url: String,
    pub state: String,
    pub expires_at: String,
    #[serde(default)]
    pub social_account_id: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OAuthStatusWire {
    /// Not always echoed; the caller knows which state it asked about.
    #[serde(default)]
    pub state: String,
    /// `pending`, `completed`, `failed` or `expired` (and the other words `phase_of` reads).
    pub status: String,
    #[serde(default)]
    pub social_account_id: Option<String>,
    /// A string, or an object with a `message` or `code`.
    #[serde(default, deserialize_with = "error_text")]
    pub error: Option<String>,
    #[serde(default)]
    pub expires_at: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RevokedWire {
    /// A count, or the list of the canceled posts' ids.
    #[serde(default, deserialize_with = "count_or_list")]
    pub canceled_scheduled_posts: u32,
}

fn count_or_list<'de, D: serde::Deserializer<'de>>(de: D) -> Result<u32, D::Error> {
    Ok(match Option::<Value>::deserialize(de)? {
        Some(Value::Number(n)) => n.as_u64().map_or(0, |n| n.min(u64::from(u32::MAX)) as u32),
        Some(Value::Array(ids)) => ids.len() as u32,
        _ => 0,
    })
}

fn error_text<'de, D: serde::Deserializer<'de>>(de: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(de)? {
        Some(Value::String(s)) => Some(s),
        Some(Value::Null) | None => None,
        Some(other) => Some(
            other
                .get("message")
                .or_else(|| other.get("code"))
                .and_then(Value::as_str)
                .map_or_else(|| other.to_string(), str::to_string),
        ),
    })
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LeaseRequestWire {
    pub request_id: String,
    pub status: String,
    #[serde(default)]
    pub count: Option<u32>,
    #[serde(default)]
    pub niche: Option<Value>,
    pub submitted_at: String,
    #[serde(default)]
    pub decided_at: Option<String>,
    #[serde(default)]
    pub assigned_count: Option<u32>,
    #[serde(default)]
    pub reason: Option<String>,
}

impl Client {
    /// A sign-in URL for a new account; the browser comes back to `return_url`.
    pub async fn oauth_url(
        &self,
        project_id: &str,
        platform: &str,
        return_url: &str,
        usage_note: &str,
    ) -> Result<OAuthUrlWire, ApiError> {
        let body =
            json!({ "platform": platform, "returnUrl": return_url, "usageNote": usage_note });
        self.write_json(
            Method::POST,
            &format!("/v1/projects/{project_id}/social/oauth-url"),
            Some(body),
        )
        .await
    }

    /// A sign-in URL that renews an account's token; the account keeps its id.
    pub async fn reauth_url(
        &self,
        project_id: &str,
        social_account_id: &str,
        return_url: &str,
        scopes: &[&str],
    ) -> Result<OAuthUrlWire, ApiError> {
        let body = json!({
            "socialAccountId": social_account_id,
            "returnUrl": return_url,
            "scopes": scopes,
        });
        self.write_json(
            Method::POST,
            &format!("/v1/projects/{project_id}/social/reauth-url"),
            Some(body),
        )
        .await
    }

    pub async fn oauth_status(&self, state: &str) -> Result<OAuthStatusWire, ApiError> {
        self.get_json(&format!("/v1/social/oauth-status/{state}"), &[])
            .await
    }

    /// Revokes the account; the server cancels its queued posts in the same step.
    pub async fn revoke_account(&self, social_account_id: &str) -> Result<RevokedWire, ApiError> {
        self.write_json(
            Method::DELETE,
            &format!("/v1/social-accounts/{social_account_id}"),
            None,
        )
        .await
    }

    pub async fn request_lease(
        &self,
        project_id: &str,
        body: Value,
    ) -> Result<LeaseRequestWire, ApiError> {
        self.write_json(
            Method::POST,
            &format!("/v1/projects/{project_id}/leased-accounts/request"),
            Some(body),
        )
        .await
    }

    pub async fn lease_request(
        &self,
        project_id: &str,
        request_id: &str,
    ) -> Result<LeaseRequestWire, ApiError> {
        self.get_json(
            &format!("/v1/projects/{project_id}/leased-accounts/requests/{request_id}"),
            &[],
        )
        .await
    }

    /// Releases a leased account: billing stops at the next renewal.
    pub async fn release_lease(&self, social_account_id: &str) -> Result<RevokedWire, ApiError> {
        self.write_json(
            Method::DELETE,
            &format!("/v1/leased-accounts/{social_account_id}"),
            None,
        )
        .await
    }

    /// One write with a fresh idempotency key, so a retry after a lost answer by the caller
    /// can't act twice on the server. Not retried here: the user sees the error and decides.
    pub(super) async fn write_json<T: serde::de::DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<T, ApiError> {
        let key = uuid::Uuid::new_v4().to_string();
        let bytes = body.map(|b| b.to_string().into_bytes());
        let (status, bytes) = self.send(method, path, &[], Some(&key), bytes).await?;
        // A 204 (or a 200 without a body) is read as an empty object.
        let bytes = if bytes.iter().all(u8::is_ascii_whitespace) {
            b"{}".to_vec()
        } else {
            bytes
        };
        decode(status, &bytes)
    }
}
