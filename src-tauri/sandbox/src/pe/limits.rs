//! PostEverywhere's rate limits: per key, on rolling windows of a minute, an hour and a day,
//! one set for every request and a tighter one for `POST /posts`. Every answer carries
//! `X-RateLimit-Limit`, `-Remaining` and `-Reset` for the window that binds; a refusal adds
//! `Retry-After`.

use std::collections::{HashMap, VecDeque};

use chrono::{DateTime, Duration, Utc};

/// Requests allowed per minute, hour and day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeLimits {
    pub all: [u32; 3],
    pub create_post: [u32; 3],
}

impl Default for PeLimits {
    /// The documented figures.
    fn default() -> Self {
        PeLimits {
            all: [60, 1_000, 10_000],
            create_post: [20, 100, 500],
        }
    }
}

const WINDOWS: [i64; 3] = [60, 3_600, 86_400];

/// What the headers say after a request was counted (or refused).
#[derive(Debug, Clone, Copy)]
pub struct Headroom {
    pub limit: u32,
    pub remaining: u32,
    pub reset: DateTime<Utc>,
    /// Set on a refusal: seconds until the binding window lets one more through.
    pub retry_after: Option<u64>,
}

#[derive(Default)]
pub struct Windows {
    seen: HashMap<(String, bool), VecDeque<DateTime<Utc>>>,
}

impl Windows {
    /// Counts one request of `key` (a `POST /posts` when `create`), or refuses it.
    pub fn admit(
        &mut self,
        limits: &PeLimits,
        key: &str,
        create: bool,
        now: DateTime<Utc>,
    ) -> Headroom {
        let mut classes = vec![(false, limits.all)];
        if create {
            classes.push((true, limits.create_post));
        }
        // The tightest window over the classes that apply: the one with least room left.
        let mut binding: Option<Headroom> = None;
        for (class, caps) in &classes {
            let seen = self.seen.entry((key.to_string(), *class)).or_default();
            while seen
                .front()
                .is_some_and(|t| *t <= now - Duration::seconds(WINDOWS[2]))
            {
                seen.pop_front();
            }
            for (w, cap) in WINDOWS.iter().zip(caps) {
                let start = now - Duration::seconds(*w);
                let in_window: Vec<&DateTime<Utc>> = seen.iter().filter(|t| **t > start).collect();
                let used = in_window.len() as u32;
                let reset = in_window
                    .first()
                    .map(|t| **t + Duration::seconds(*w))
                    .unwrap_or(now + Duration::seconds(*w));
                let room = Headroom {
                    limit: *cap,
                    remaining: cap.saturating_sub(used),
                    reset,
                    retry_after: None,
                };
                if binding.is_none_or(|b| room.remaining < b.remaining) {
                    binding = Some(room);
                }
            }
        }
        let mut room = binding.expect("at least one window");
        if room.remaining == 0 {
            let wait = (room.reset - now).num_milliseconds().max(0) as u64;
            room.retry_after = Some(wait.div_ceil(1000).max(1));
            return room;
        }
        for (class, _) in &classes {
            self.seen
                .entry((key.to_string(), *class))
                .or_default()
                .push_back(now);
        }
        room.remaining -= 1;
        room
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tighter_create_window_binds_and_frees_after_a_minute() {
        let limits = PeLimits {
            all: [5, 100, 1000],
            create_post: [2, 100, 1000],
        };
        let mut w = Windows::default();
        let t0 = Utc::now();
        assert_eq!(w.admit(&limits, "k", true, t0).remaining, 1);
        assert_eq!(w.admit(&limits, "k", true, t0).remaining, 0);
        let refused = w.admit(&limits, "k", true, t0);
        assert_eq!(refused.retry_after, Some(60));
        // Other requests still have their own room.
        assert_eq!(w.admit(&limits, "k", false, t0).remaining, 2);
        let later = t0 + Duration::seconds(61);
        assert!(w.admit(&limits, "k", true, later).retry_after.is_none());
        // Another key is counted apart.
        assert_eq!(w.admit(&limits, "other", true, t0).remaining, 1);
    }
}
