//! The sandbox clock: real time, shifted by `advance` and sped up or slowed by `scale`.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use std::sync::Mutex;
use std::time::Instant;

/// Largest single shift of the clock: about 100 years.
const MAX_SHIFT_MS: i64 = 100 * 366 * 24 * 3600 * 1000;

#[derive(Debug)]
struct Anchor {
    real: Instant,
    sandbox: DateTime<Utc>,
    scale: f64,
}

/// Thread-safe sandbox clock.
#[derive(Debug)]
pub struct Clock {
    anchor: Mutex<Anchor>,
}

impl Default for Clock {
    fn default() -> Self {
        Clock::starting_at(Utc::now())
    }
}

impl Clock {
    pub fn starting_at(at: DateTime<Utc>) -> Self {
        Clock {
            anchor: Mutex::new(Anchor {
                real: Instant::now(),
                sandbox: at,
                scale: 1.0,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Anchor> {
        self.anchor.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn now_locked(a: &Anchor) -> DateTime<Utc> {
        let real_ms = a.real.elapsed().as_secs_f64() * 1000.0;
        let ms = (real_ms * a.scale).round().clamp(0.0, MAX_SHIFT_MS as f64) as i64;
        a.sandbox
            .checked_add_signed(Duration::milliseconds(ms))
            .unwrap_or(a.sandbox)
    }

    /// Current sandbox time.
    pub fn now(&self) -> DateTime<Utc> {
        Self::now_locked(&self.lock())
    }

    /// Current speed factor.
    pub fn scale(&self) -> f64 {
        self.lock().scale
    }

    /// Moves the clock forward (or back, for negative values) by `seconds`.
    pub fn advance(&self, seconds: f64) -> DateTime<Utc> {
        let mut a = self.lock();
        let now = Self::now_locked(&a);
        let ms = (seconds * 1000.0)
            .round()
            .clamp(-(MAX_SHIFT_MS as f64), MAX_SHIFT_MS as f64) as i64;
        let moved = now
            .checked_add_signed(Duration::milliseconds(ms))
            .unwrap_or(now);
        a.real = Instant::now();
        a.sandbox = moved;
        moved
    }

    /// Sets how many sandbox seconds pass per real second.
    pub fn set_scale(&self, factor: f64) -> DateTime<Utc> {
        let mut a = self.lock();
        let now = Self::now_locked(&a);
        a.real = Instant::now();
        a.sandbox = now;
        a.scale = factor;
        now
    }

    /// Sets the current sandbox time (used when restoring saved state).
    pub fn set_now(&self, at: DateTime<Utc>) {
        let mut a = self.lock();
        a.real = Instant::now();
        a.sandbox = at;
    }
}

/// Wire format for timestamps: ISO 8601, UTC, millisecond precision, `Z` suffix.
pub fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Parses an RFC 3339 timestamp into UTC.
pub fn parse_iso(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Serde helpers so state structs keep timestamps in the wire format.
pub mod ts {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&iso(*t))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let s = String::deserialize(d)?;
        parse_iso(&s).ok_or_else(|| serde::de::Error::custom("bad timestamp"))
    }

    pub mod opt {
        use super::*;

        pub fn serialize<S: Serializer>(
            t: &Option<DateTime<Utc>>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            match t {
                Some(t) => s.serialize_str(&iso(*t)),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<DateTime<Utc>>, D::Error> {
            let s = Option::<String>::deserialize(d)?;
            match s {
                None => Ok(None),
                Some(s) => parse_iso(&s)
                    .map(Some)
                    .ok_or_else(|| serde::de::Error::custom("bad timestamp")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advance_moves_time_forward() {
        let c = Clock::default();
        let before = c.now();
        c.advance(3600.0);
        let after = c.now();
        assert!(after - before >= Duration::seconds(3600));
    }

    #[test]
    fn iso_has_z_suffix() {
        let t = parse_iso("2026-04-18T12:30:00+02:00").expect("parses");
        assert_eq!(iso(t), "2026-04-18T10:30:00.000Z");
    }
}
