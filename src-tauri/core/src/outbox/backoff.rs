//! How long to wait before the next attempt.

use std::time::Duration;

use rand::Rng;

/// Capped exponential backoff with full jitter: a random wait in [0, min(cap, base * 2^n)].
/// A server's `Retry-After` wins over our own guess.
pub fn delay(
    attempt: u32,
    base: Duration,
    cap: Duration,
    retry_after: Option<Duration>,
) -> Duration {
    if let Some(ra) = retry_after {
        return ra;
    }
    let exp = base.saturating_mul(1u32 << attempt.min(20));
    let ceiling = exp.min(cap);
    let ms = rand::rng().random_range(0..=ceiling.as_millis().max(1) as u64);
    Duration::from_millis(ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stays_under_the_growing_ceiling_and_the_cap() {
        let base = Duration::from_millis(100);
        let cap = Duration::from_secs(5);
        for attempt in 0..40 {
            let ceiling = base.saturating_mul(1u32 << attempt.min(20)).min(cap);
            for _ in 0..50 {
                assert!(delay(attempt, base, cap, None) <= ceiling);
            }
        }
    }

    #[test]
    fn retry_after_wins() {
        let d = delay(
            3,
            Duration::from_secs(1),
            Duration::from_secs(60),
            Some(Duration::from_secs(42)),
        );
        assert_eq!(d, Duration::from_secs(42));
    }

    #[test]
    fn jitter_spreads_the_waits() {
        let waits: std::collections::HashSet<_> = (0..50)
            .map(|_| delay(6, Duration::from_millis(100), Duration::from_secs(60), None))
            .collect();
        assert!(
            waits.len() > 10,
            "full jitter should rarely repeat: {waits:?}"
        );
    }
}
