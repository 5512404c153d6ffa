//! Client-side pacing per endpoint class, so a long queue drains at the key's rate limit
//! instead of running into a storm of 429s; and the pause a 429's `Retry-After` imposes on
//! its whole class.

use std::num::NonZeroU32;
use std::sync::Mutex;
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
    read: DefaultDirectRateLimiter,
    write: DefaultDirectRateLimiter,
    read_paused_until: Mutex<Option<Instant>>,
    write_paused_until: Mutex<Option<Instant>>,
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
        let (read, write) = tier_limits(tier);
        Pacing {
            read: limiter(read),
            write: limiter(write),
            read_paused_until: Mutex::new(None),
            write_paused_until: Mutex::new(None),
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
        match class {
            Class::Read => self.read.until_ready().await,
            Class::Write => self.write.until_ready().await,
        }
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
