//! The wall clock the queue reads to decide what is due. A laptop that sleeps and wakes
//! sees this clock jump; tests make it jump on purpose with an adjustable clock.

use std::fmt;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Utc};

/// The system clock, or the system clock moved by an offset a test controls.
#[derive(Clone, Default)]
pub struct Clock {
    offset_ms: Option<Arc<AtomicI64>>,
}

impl Clock {
    pub fn system() -> Clock {
        Clock::default()
    }

    /// Reads the system clock until `jump` moves it; copies share the offset.
    pub fn adjustable() -> Clock {
        Clock {
            offset_ms: Some(Arc::new(AtomicI64::new(0))),
        }
    }

    /// Moves an adjustable clock by `by` (either way). The system clock cannot be moved.
    pub fn jump(&self, by: chrono::Duration) {
        let offset = self
            .offset_ms
            .as_ref()
            .expect("only an adjustable clock can jump");
        offset.fetch_add(by.num_milliseconds(), Ordering::SeqCst);
    }

    pub fn now(&self) -> DateTime<Utc> {
        let now = Utc::now();
        match &self.offset_ms {
            Some(offset) => now + chrono::Duration::milliseconds(offset.load(Ordering::SeqCst)),
            None => now,
        }
    }
}

impl fmt::Debug for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.offset_ms {
            Some(o) => write!(f, "Clock(system {:+} ms)", o.load(Ordering::SeqCst)),
            None => write!(f, "Clock(system)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jump_moves_every_copy_and_the_system_clock_stays_put() {
        let clock = Clock::adjustable();
        let copy = clock.clone();
        clock.jump(chrono::Duration::hours(3));
        let ahead = copy.now() - Utc::now();
        assert!(ahead > chrono::Duration::minutes(179), "{ahead}");
        clock.jump(chrono::Duration::hours(-4));
        assert!(copy.now() < Utc::now() - chrono::Duration::minutes(59));
        assert!((Clock::system().now() - Utc::now()).num_seconds().abs() < 2);
    }
}
