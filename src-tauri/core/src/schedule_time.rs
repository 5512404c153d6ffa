//! Turning the wall-clock time a user picks in an IANA zone into the UTC instant the API
//! takes, without ever shifting a time silently across a DST change.

use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::error::DeskError;

/// A resolved schedule time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub utc: DateTime<Utc>,
    pub zone: Tz,
    /// Set when the wall-clock time happened twice (clocks went back) and the first one was
    /// taken: a note for the timeline, since the user might have meant the second.
    pub ambiguity: Option<String>,
}

pub fn parse_zone(zone: &str) -> Result<Tz, DeskError> {
    zone.trim().parse::<Tz>().map_err(|_| {
        DeskError::invalid(
            "timeZone",
            format!(
                "{zone:?} is not an IANA time zone (for example Europe/Paris or America/New_York)"
            ),
        )
    })
}

/// Accepts `YYYY-MM-DDTHH:MM[:SS]` wall-clock time in `zone`, or a full RFC 3339 instant
/// (then the zone is only kept for display).
pub fn resolve(input: &str, zone: &str) -> Result<Resolved, DeskError> {
    const FIELD: &str = "scheduledFor";
    let tz = parse_zone(zone)?;
    let input = input.trim();
    if let Ok(instant) = DateTime::parse_from_rfc3339(input) {
        return Ok(Resolved {
            utc: instant.with_timezone(&Utc),
            zone: tz,
            ambiguity: None,
        });
    }
    let local = ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(input, f).ok())
        .ok_or_else(|| {
            DeskError::invalid(
                FIELD,
                format!("{input:?} is not a date and time such as 2026-11-24T09:30"),
            )
        })?;
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(Resolved {
            utc: t.with_timezone(&Utc),
            zone: tz,
            ambiguity: None,
        }),
        LocalResult::Ambiguous(first, second) => Ok(Resolved {
            utc: first.with_timezone(&Utc),
            zone: tz,
            ambiguity: Some(format!(
                "{local} happens twice in {tz} (clocks go back); the first one, {} UTC, was taken, not {} UTC",
                first.with_timezone(&Utc).format("%H:%M"),
                second.with_timezone(&Utc).format("%H:%M"),
            )),
        }),
        LocalResult::None => {
            let after = first_valid_after(tz, local);
            Err(DeskError::invalid(
                FIELD,
                format!(
                    "{local} does not exist in {tz}: the clocks jump forward then{}",
                    after
                        .map(|a| format!("; the next valid time is {}", a.format("%H:%M")))
                        .unwrap_or_default()
                ),
            ))
        }
    }
}

/// The first wall-clock minute after a DST gap.
fn first_valid_after(tz: Tz, local: NaiveDateTime) -> Option<NaiveDateTime> {
    (1..=180).find_map(|m| {
        let t = local + chrono::Duration::minutes(m);
        match tz.from_local_datetime(&t) {
            LocalResult::None => None,
            _ => Some(t),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn field(e: DeskError) -> (String, String) {
        match e {
            DeskError::Invalid { field, rule } => (field, rule),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn plain_wall_clock_time_maps_to_utc() {
        let r = resolve("2026-07-01T09:30", "Europe/Paris").unwrap();
        assert_eq!(r.utc.to_rfc3339(), "2026-07-01T07:30:00+00:00");
        let r = resolve("2026-12-01T09:30", "Europe/Paris").unwrap();
        assert_eq!(r.utc.to_rfc3339(), "2026-12-01T08:30:00+00:00");
    }

    #[test]
    fn a_time_in_the_spring_gap_is_refused_with_the_next_valid_time() {
        // 2026-03-29: Paris jumps from 02:00 to 03:00.
        let (f, rule) = field(resolve("2026-03-29T02:30", "Europe/Paris").unwrap_err());
        assert_eq!(f, "scheduledFor");
        assert!(rule.contains("does not exist"), "{rule}");
        assert!(rule.contains("03:00"), "{rule}");
    }

    #[test]
    fn a_time_in_the_autumn_overlap_takes_the_first_and_says_so() {
        // 2026-11-01: New York goes from 02:00 back to 01:00, so 01:30 happens twice.
        let r = resolve("2026-11-01T01:30", "America/New_York").unwrap();
        assert_eq!(r.utc.to_rfc3339(), "2026-11-01T05:30:00+00:00");
        assert!(r.ambiguity.unwrap().contains("twice"));
    }

    #[test]
    fn bad_zone_and_bad_time_name_their_fields() {
        assert_eq!(
            field(resolve("2026-07-01T09:30", "Mars/Base").unwrap_err()).0,
            "timeZone"
        );
        assert_eq!(
            field(resolve("tomorrow at nine", "UTC").unwrap_err()).0,
            "scheduledFor"
        );
    }

    #[test]
    fn an_rfc3339_instant_is_taken_as_is() {
        let r = resolve("2026-07-01T09:30:00Z", "Asia/Tokyo").unwrap();
        assert_eq!(r.utc.to_rfc3339(), "2026-07-01T09:30:00+00:00");
    }

    fn zones() -> impl Strategy<Value = Tz> {
        prop::sample::select(vec![
            chrono_tz::Europe::Paris,
            chrono_tz::America::New_York,
            chrono_tz::America::Sao_Paulo,
            chrono_tz::Australia::Lord_Howe,
            chrono_tz::Asia::Kolkata,
            chrono_tz::Pacific::Chatham,
            chrono_tz::UTC,
        ])
    }

    proptest! {
        /// Any resolved time reads back as the wall-clock time the user typed, and a refused
        /// time really is inside a gap.
        #[test]
        fn resolution_round_trips_across_dst(tz in zones(), minutes in 0i64..(3 * 366 * 24 * 60)) {
            let local = NaiveDateTime::parse_from_str("2026-01-01T00:00", "%Y-%m-%dT%H:%M").unwrap()
                + chrono::Duration::minutes(minutes);
            let text = local.format("%Y-%m-%dT%H:%M").to_string();
            match resolve(&text, tz.name()) {
                Ok(r) => {
                    prop_assert_eq!(r.utc.with_timezone(&tz).naive_local(), local);
                    let twice = matches!(tz.from_local_datetime(&local), LocalResult::Ambiguous(..));
                    prop_assert_eq!(r.ambiguity.is_some(), twice);
                }
                Err(_) => prop_assert!(matches!(tz.from_local_datetime(&local), LocalResult::None)),
            }
        }
    }
}
