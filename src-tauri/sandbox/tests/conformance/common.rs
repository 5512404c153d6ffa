use layers_sandbox::{Fixture, Sandbox, SandboxConfig};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::time::Duration;

pub struct T {
    pub sb: Sandbox,
    pub fx: Fixture,
    pub http: reqwest::Client,
    pub key: String,
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Resp {
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    #[track_caller]
    pub fn assert(&self, status: u16, code: &str) -> &Self {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.body);
        if !code.is_empty() {
            assert_eq!(self.code(), code, "body: {}", self.body);
        }
        self
    }
}

pub async fn start() -> T {
    start_with(SandboxConfig {
        publish_delay_ms: 50,
        ..Default::default()
    })
    .await
}

/// A sandbox whose publisher steps are long enough for a poller to see every state,
/// even on a busy machine.
pub async fn start_slow() -> T {
    start_with(SandboxConfig {
        publish_delay_ms: 400,
        ..Default::default()
    })
    .await
}

pub async fn start_with(config: SandboxConfig) -> T {
    let sb = Sandbox::start(config).await.expect("sandbox starts");
    let fx = sb.fixture();
    let key = fx.api_key("owner-verified").expect("key").to_string();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client");
    T { sb, fx, http, key }
}

impl T {
    pub fn container(&self, label: &str) -> String {
        self.fx
            .container_id(label)
            .expect("container label")
            .to_string()
    }
    pub fn account(&self, label: &str) -> String {
        self.fx
            .account_id(label)
            .expect("account label")
            .to_string()
    }
    pub fn key_for(&self, label: &str) -> String {
        self.fx.api_key(label).expect("key label").to_string()
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        key: Option<&str>,
        idem: Option<&str>,
        body: Option<&Value>,
    ) -> Resp {
        let mut req = self
            .http
            .request(method, format!("{}{}", self.sb.url(), path));
        if let Some(k) = key {
            req = req.bearer_auth(k);
        }
        if let Some(i) = idem {
            req = req.header("Idempotency-Key", i);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        let r = req.send().await.expect("request sent");
        let status = r.status();
        let headers = r.headers().clone();
        let text = r.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Resp {
            status,
            headers,
            body,
        }
    }

    /// The full URL of a path, for requests built by hand.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.sb.url(), path)
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.send(Method::GET, path, Some(&self.key), None, None)
            .await
    }
    pub async fn post(&self, path: &str, body: &Value) -> Resp {
        self.send(Method::POST, path, Some(&self.key), None, Some(body))
            .await
    }
    pub async fn post_idem(&self, path: &str, idem: &str, body: &Value) -> Resp {
        self.send(Method::POST, path, Some(&self.key), Some(idem), Some(body))
            .await
    }
    pub async fn post_as(&self, key: &str, path: &str, body: &Value) -> Resp {
        self.send(Method::POST, path, Some(key), None, Some(body))
            .await
    }
    pub async fn delete(&self, path: &str, body: Option<&Value>) -> Resp {
        self.send(Method::DELETE, path, Some(&self.key), None, body)
            .await
    }
    pub async fn admin_get(&self, path: &str) -> Value {
        self.send(Method::GET, path, None, None, None).await.body
    }
    pub async fn admin_post(&self, path: &str, body: &Value) -> Resp {
        self.send(Method::POST, path, None, None, Some(body)).await
    }

    /// Publishes `container` to one target; returns the response.
    pub async fn publish(&self, container: &str, targets: Value) -> Resp {
        self.post(
            &format!("/v1/content/{container}/publish"),
            &serde_json::json!({ "targets": targets }),
        )
        .await
    }

    pub async fn post_status(&self, id: &str) -> Value {
        self.get(&format!("/v1/scheduled-posts/{id}")).await.body
    }

    /// Polls a post until it reaches a terminal state; returns every status seen, in order.
    pub async fn watch_post(&self, id: &str) -> (Vec<String>, Value) {
        let mut seen: Vec<String> = Vec::new();
        for _ in 0..400 {
            let p = self.post_status(id).await;
            let s = p["status"].as_str().unwrap_or("").to_string();
            if seen.last() != Some(&s) {
                seen.push(s.clone());
            }
            if ["published", "failed", "canceled", "draft"].contains(&s.as_str()) {
                return (seen, p);
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("post {id} never finished; saw {seen:?}");
    }

    pub async fn ledger(&self) -> Vec<Value> {
        self.admin_get("/_sandbox/posts").await["items"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}

pub fn sp_id() -> String {
    format!("sp_{}", uuid_v4())
}

pub fn uuid_v4() -> String {
    uuid::Uuid::new_v4().to_string()
}
