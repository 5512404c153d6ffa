//! Client-side pacing per endpoint class, so a long queue drains at the key's rate limit
//! instead of running into a storm of 429s; and the pause a 429's `Retry-After` imposes on
//! its whole class.

use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

/// The two classes the app uses (job-starting endpoints are not among them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Read,
    Write,
}

/// Requests per minute for (read, write) in a tier; unknown tiers get the standard limits.
pub fn tier_limits(tier: Option<&str>) -> (u32, u32) {
    match tier {
        Some("partner") => (6_000, 3_000),
        Some("pilot") => (1_200, 600),
        // Layers' own tier: no limit worth pacing for.
        Some("internal") => (1_000_000, 1_000_000),
        _ => (120, 60),
    }
}

pub struct Pacing {
    /// The limiters of the tier in force; replaced whole when the tier becomes known later
    /// (a session that started offline learns it from its first answer).
    limits: Mutex<Limits>,
    read_paused_until: Mutex<Option<Instant>>,
    write_paused_until: Mutex<Option<Instant>>,
}

struct Limits {
    tier: Option<String>,
    read: Arc<DefaultDirectRateLimiter>,
    write: Arc<DefaultDirectRateLimiter>,
}

impl Limits {
    fn of(tier: Option<&str>) -> Limits {
        let (read, write) = tier_limits(tier);
        Limits {
            tier: tier.map(str::to_string),
            read: Arc::new(limiter(read)),
            write: Arc::new(limiter(write)),
        }
    }
}

fn limiter(per_minute: u32) -> DefaultDirectRateLimiter {
    let rate = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
    // A small burst: the server's bucket may not be full when we start (another client, an
    // earlier run), so spreading requests evenly is what avoids 429s.
    let burst = NonZeroU32::new((per_minute / 60).clamp(1, 10)).unwrap_or(NonZeroU32::MIN);
    RateLimiter::direct(Quota::per_minute(rate).allow_burst(burst))
}

impl Pacing {
    pub fn for_tier(tier: Option<&str>) -> Pacing {
        Pacing {
            limits: Mutex::new(Limits::of(tier)),
            read_paused_until: Mutex::new(None),
            write_paused_until: Mutex::new(None),
        }
    }

    /// Switches to the limits of `tier`, unless they are in force already.
    pub fn adopt_tier(&self, tier: Option<&str>) {
        let mut limits = self.limits.lock().unwrap_or_else(|p| p.into_inner());
        if limits.tier.as_deref() != tier {
            *limits = Limits::of(tier);
        }
    }

    fn pause_slot(&self, class: Class) -> &Mutex<Option<Instant>> {
        match class {
            Class::Read => &self.read_paused_until,
            Class::Write => &self.write_paused_until,
        }
    }

    /// Waits until a request of this class may go: past any pause, then a rate-limit token.
    pub async fn ready(&self, class: Class) {
        loop {
            let until = *self
                .pause_slot(class)
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            match until {
                Some(t) if t > Instant::now() => tokio::time::sleep_until(t.into()).await,
                _ => break,
            }
        }
        let limiter = {
            let limits = self.limits.lock().unwrap_or_else(|p| p.into_inner());
            match class {
                Class::Read => limits.read.clone(),
                Class::Write => limits.write.clone(),
            }
        };
        limiter.until_ready().await;
    }

    /// A 429 said to wait: nothing of this class goes out before then.
    pub fn pause(&self, class: Class, wait: Duration) {
        let until = Instant::now() + wait;
        let mut slot = self
            .pause_slot(class)
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if slot.is_none_or(|t| t < until) {
            *slot = Some(until);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_pause_holds_back_its_class_only() {
        let p = Pacing::for_tier(Some("partner"));
        p.pause(Class::Write, Duration::from_millis(300));
        let t = Instant::now();
        p.ready(Class::Read).await;
        assert!(
            t.elapsed() < Duration::from_millis(100),
            "reads are not paused"
        );
        p.ready(Class::Write).await;
        assert!(
            t.elapsed() >= Duration::from_millis(290),
            "writes waited out the pause"
        );
    }

    #[tokio::test]
    async fn a_tier_learned_later_replaces_the_default_limits() {
        let p = Pacing::for_tier(None);
        // Standard writes allow a burst of 1, then one a second.
        p.ready(Class::Write).await;
        p.adopt_tier(Some("partner"));
        let t = Instant::now();
        for _ in 0..5 {
            p.ready(Class::Write).await;
        }
        assert!(
            t.elapsed() < Duration::from_millis(500),
            "{:?}",
            t.elapsed()
        );
    }

    #[test]
    fn tiers_map_to_documented_limits() {
        assert_eq!(tier_limits(Some("standard")), (120, 60));
        assert_eq!(tier_limits(Some("pilot")), (1_200, 600));
        assert_eq!(tier_limits(Some("partner")), (6_000, 3_000));
        assert_eq!(tier_limits(Some("internal")), (1_000_000, 1_000_000));
        assert_eq!(tier_limits(Some("enterprise")), (120, 60));
        assert_eq!(tier_limits(None), (120, 60));
    }
}
