//! Online or offline: consecutive transport failures mean offline; then only a cheap probe
//! goes out, with backoff, until the API answers again.

use std::time::{Duration, Instant};

pub struct Reach {
    consecutive_failures: u32,
    offline: bool,
    probes: u32,
    next_probe: Instant,
}

impl Reach {
    pub fn new(online: bool) -> Reach {
        Reach {
            consecutive_failures: 0,
            offline: !online,
            probes: 0,
            next_probe: Instant::now(),
        }
    }

    pub fn offline(&self) -> bool {
        self.offline
    }

    /// Records whether a request got any HTTP answer. Returns the new online state when it
    /// changed.
    pub fn observe(&mut self, answered: bool, offline_after: u32) -> Option<bool> {
        if answered {
            self.consecutive_failures = 0;
            self.probes = 0;
            if self.offline {
                self.offline = false;
                return Some(true);
            }
            return None;
        }
        self.consecutive_failures += 1;
        if !self.offline && self.consecutive_failures >= offline_after {
            self.offline = true;
            self.next_probe = Instant::now();
            return Some(false);
        }
        None
    }

    pub fn probe_due(&self) -> bool {
        Instant::now() >= self.next_probe
    }

    pub fn until_probe(&self) -> Duration {
        self.next_probe.saturating_duration_since(Instant::now())
    }

    /// A probe failed: wait longer before the next one.
    pub fn probe_failed(&mut self, base: Duration, cap: Duration) {
        self.probes += 1;
        let wait = super::backoff::delay(self.probes, base, cap, None).max(base);
        self.next_probe = Instant::now() + wait;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_failures_in_a_row_go_offline_and_an_answer_comes_back() {
        let mut r = Reach::new(true);
        assert_eq!(r.observe(false, 2), None);
        assert_eq!(r.observe(true, 2), None, "an answer resets the count");
        assert_eq!(r.observe(false, 2), None);
        assert_eq!(r.observe(false, 2), Some(false));
        assert!(r.offline() && r.probe_due());
        r.probe_failed(Duration::from_millis(50), Duration::from_secs(1));
        assert!(!r.probe_due());
        assert_eq!(r.observe(true, 2), Some(true));
        assert!(!r.offline());
    }
}
