//! PostEverywhere's answers as the client reads them: every field it does not need is
//! ignored, every field a server may leave out is optional, and ids read as numbers or as
//! strings (old examples show `"1"`; see `pe-account-ids`).

use serde::{Deserialize, Deserializer};

#[derive(Debug, Deserialize)]
pub struct Envelope<T> {
    pub data: T,
}

fn id<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Int(i64),
        Str(String),
    }
    match Id::deserialize(d)? {
        Id::Int(n) => Ok(n),
        Id::Str(s) => s
            .trim()
            .parse()
            .map_err(|_| serde::de::Error::custom(format!("account id {s:?} is not a number"))),
    }
}

fn ids<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<i64>, D::Error> {
    #[derive(Deserialize)]
    struct One(#[serde(deserialize_with = "id")] i64);
    Ok(Option::<Vec<One>>::deserialize(d)?
        .unwrap_or_default()
        .into_iter()
        .map(|o| o.0)
        .collect())
}

#[derive(Debug, Clone, Deserialize)]
pub struct AccountsWire {
    pub accounts: Vec<AccountWire>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AccountWire {
    #[serde(deserialize_with = "id")]
    pub id: i64,
    pub platform: String,
    #[serde(default)]
    pub account_name: String,
    pub avatar_url: Option<String>,
    pub is_active: Option<bool>,
    pub health: Option<HealthWire>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct HealthWire {
    pub status: Option<String>,
    pub can_post: Option<bool>,
    #[serde(default)]
    pub reasons: Vec<String>,
    pub token: Option<TokenWire>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TokenWire {
    pub expires_at: Option<String>,
    pub expired: Option<bool>,
    pub expiring_soon: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CreatedWire {
    pub post_id: String,
    pub status: Option<String>,
    pub scheduled_for: Option<String>,
}

/// A post as `GET /posts` and `GET /posts/:id` give it.
#[derive(Debug, Clone, Deserialize)]
pub struct PostWire {
    pub post_id: Option<String>,
    pub id: Option<String>,
    pub status: Option<String>,
    pub content: Option<String>,
    #[serde(default, deserialize_with = "ids")]
    pub account_ids: Vec<i64>,
    pub scheduled_for: Option<String>,
    pub scheduled_at: Option<String>,
    #[serde(default)]
    pub media_ids: Vec<String>,
    pub created_at: Option<String>,
}

impl PostWire {
    /// `post_id`, or the older `id`.
    pub fn key(&self) -> Option<&str> {
        self.post_id.as_deref().or(self.id.as_deref())
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct PostsPage {
    #[serde(default)]
    pub posts: Vec<PostWire>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ResultsWire {
    pub post_status: Option<String>,
    #[serde(default)]
    pub results: Vec<DestinationWire>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DestinationWire {
    #[serde(deserialize_with = "id")]
    pub account_id: i64,
    pub status: String,
    pub platform_post_url: Option<String>,
    pub error: Option<String>,
    pub attempts: Option<u32>,
    pub next_retry_at: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RetriedWire {
    #[serde(default)]
    pub retried_count: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_as_numbers_or_strings() {
        let a: AccountWire =
            serde_json::from_str(r#"{"id":"2280","platform":"youtube","account_name":"M"}"#)
                .unwrap();
        assert_eq!(a.id, 2280);
        let p: PostWire = serde_json::from_str(r#"{"id":"x","account_ids":[1,"2"]}"#).unwrap();
        assert_eq!(
            (p.account_ids.as_slice(), p.key()),
            (&[1, 2][..], Some("x"))
        );
        assert!(serde_json::from_str::<AccountWire>(r#"{"id":"two","platform":"x"}"#).is_err());
    }
}
