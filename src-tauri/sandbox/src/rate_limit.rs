//! Per-key, per-endpoint-class token buckets (requests per minute) and the daily write cap.

use crate::config::Tier;
use axum::http::Method;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

/// Endpoint class of a request, as named in `X-RateLimit-Endpoint-Class`.
pub fn endpoint_class(method: &Method, _path: &str) -> &'static str {
    if method == Method::GET || method == Method::HEAD {
        "read-light"
    } else {
        "write-light"
    }
}

/// Requests per minute for a class in a tier, and the daily write-light cap.
pub fn limits(tier: Tier, class: &str) -> u32 {
    match (tier, class) {
        (Tier::Standard, "read-light") => 120,
        (Tier::Standard, "write-light") => 60,
        (Tier::Standard, _) => 20,
        (Tier::Pilot, "read-light") => 1_200,
        (Tier::Pilot, "write-light") => 600,
        (Tier::Pilot, _) => 60,
        (Tier::Partner, "read-light") => 6_000,
        (Tier::Partner, "write-light") => 3_000,
        (Tier::Partner, _) => 300,
        (Tier::Internal, _) => 1_000_000,
    }
}

pub fn daily_write_cap(tier: Tier) -> u32 {
    match tier {
        Tier::Standard => 10_000,
        Tier::Pilot => 100_000,
        Tier::Partner => 500_000,
        Tier::Internal => u32::MAX,
    }
}

struct Bucket {
    tokens: f64,
    last: Instant,
}

/// Bucket state after a request was admitted.
#[derive(Debug, Clone, Copy)]
pub struct Admitted {
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until the bucket is full again.
    pub reset_secs: u64,
}

/// A request that was refused: retry after this many seconds.
#[derive(Debug, Clone, Copy)]
pub struct Refused {
    pub limit: u32,
    pub retry_after_secs: u64,
    pub daily: bool,
}

pub struct RateLimiter {
    tier: Tier,
    buckets: Mutex<HashMap<(String, &'static str), Bucket>>,
    daily: Mutex<HashMap<String, (chrono::NaiveDate, u32)>>,
}

impl RateLimiter {
    pub fn new(tier: Tier) -> Self {
        RateLimiter {
            tier,
            buckets: Mutex::new(HashMap::new()),
            daily: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `key_id` in `class`. `today` is the sandbox date for the daily cap.
    pub fn check(
        &self,
        key_id: &str,
        class: &'static str,
        today: chrono::NaiveDate,
    ) -> Result<Admitted, Refused> {
        let limit = limits(self.tier, class);
        if class == "write-light" {
            let cap = daily_write_cap(self.tier);
            let mut daily = self.daily.lock().unwrap_or_else(|e| e.into_inner());
            let entry = daily.entry(key_id.to_string()).or_insert((today, 0));
            if entry.0 != today {
                *entry = (today, 0);
            }
            if entry.1 >= cap {
                return Err(Refused {
                    limit: cap,
                    retry_after_secs: 3600,
                    daily: true,
                });
            }
            entry.1 += 1;
        }
        let per_sec = f64::from(limit) / 60.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let b = buckets
            .entry((key_id.to_string(), class))
            .or_insert(Bucket {
                tokens: f64::from(limit),
                last: now,
            });
        let elapsed = now.duration_since(b.last).as_secs_f64();
        b.tokens = (b.tokens + elapsed * per_sec).min(f64::from(limit));
        b.last = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(Admitted {
                limit,
                remaining: b.tokens.floor() as u32,
                reset_secs: ((f64::from(limit) - b.tokens) / per_sec).ceil() as u64,
            })
        } else {
            let wait = ((1.0 - b.tokens) / per_sec).ceil().max(1.0) as u64;
            Err(Refused {
                limit,
                retry_after_secs: wait,
                daily: false,
            })
        }
    }
}

/// Middleware (after auth): takes a token or answers `429 RATE_LIMITED` with `Retry-After`.
pub async fn enforce(
    axum::extract::State(ctx): axum::extract::State<crate::ctx::SharedCtx>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::HeaderValue;
    use axum::response::IntoResponse;
    let Some(caller) = req.extensions().get::<crate::auth::Caller>().cloned() else {
        return next.run(req).await;
    };
    let class = endpoint_class(req.method(), req.uri().path());
    let today = ctx.clock.now().date_naive();
    match ctx.limiter.check(&caller.key.id, class, today) {
        Ok(a) => {
            let mut resp = next.run(req).await;
            let h = resp.headers_mut();
            for (name, value) in [
                ("x-ratelimit-limit", a.limit.to_string()),
                ("x-ratelimit-remaining", a.remaining.to_string()),
                ("x-ratelimit-reset", a.reset_secs.to_string()),
            ] {
                if let Ok(v) = HeaderValue::from_str(&value) {
                    h.insert(name, v);
                }
            }
            resp
        }
        Err(r) => {
            let what = if r.daily {
                "Daily write-light cap reached"
            } else {
                "Rate limit exceeded"
            };
            let mut resp = crate::errors::ApiError::rate_limited(
                r.retry_after_secs,
                format!("{what} for the {class} class. Retry after the Retry-After delay."),
            )
            .detail("endpointClass", serde_json::json!(class))
            .detail("limit", serde_json::json!(r.limit))
            .detail("tier", serde_json::json!(ctx.tier.as_str()))
            .into_response();
            if let Ok(v) = HeaderValue::from_str(&r.limit.to_string()) {
                resp.headers_mut().insert("x-ratelimit-limit", v);
            }
            resp.headers_mut()
                .insert("x-ratelimit-remaining", HeaderValue::from_static("0"));
            resp
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_refuses_after_limit() {
        let rl = RateLimiter::new(Tier::Standard);
        let today = chrono::Utc::now().date_naive();
        for _ in 0..60 {
            assert!(rl.check("k", "write-light", today).is_ok());
        }
        let refused = rl
            .check("k", "write-light", today)
            .expect_err("61st refused");
        assert!(refused.retry_after_secs >= 1);
        assert!(rl.check("other", "write-light", today).is_ok());
    }
}
