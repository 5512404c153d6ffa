//! Content review: approve or reject a container, and the project's review policy.

use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{ApiError, Client};

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DecisionWire {
    pub id: String,
    pub approval_status: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewPolicyWire {
    /// `auto_approve`, `review_first_n` or `review_all`.
    pub policy: String,
    #[serde(default)]
    pub first_n: Option<u32>,
    #[serde(default)]
    pub pending_count: Option<u32>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

impl Client {
    pub async fn approve(
        &self,
        container_id: &str,
        note: Option<&str>,
    ) -> Result<DecisionWire, ApiError> {
        let body = match note {
            Some(n) => json!({ "note": n }),
            None => json!({}),
        };
        self.write_json(
            Method::POST,
            &format!("/v1/content/{container_id}/approve"),
            Some(body),
        )
        .await
    }

    pub async fn reject(&self, container_id: &str, reason: &str) -> Result<DecisionWire, ApiError> {
        self.write_json(
            Method::POST,
            &format!("/v1/content/{container_id}/reject"),
            Some(json!({ "reason": reason })),
        )
        .await
    }

    pub async fn review_policy(&self, project_id: &str) -> Result<ReviewPolicyWire, ApiError> {
        self.get_json(
            &format!("/v1/projects/{project_id}/content-review-policy"),
            &[],
        )
        .await
    }

    pub async fn set_review_policy(
        &self,
        project_id: &str,
        body: Value,
    ) -> Result<ReviewPolicyWire, ApiError> {
        self.write_json(
            Method::PATCH,
            &format!("/v1/projects/{project_id}/content-review-policy"),
            Some(body),
        )
        .await
    }
}
