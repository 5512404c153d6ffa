//! The calendar's read: the plans with a post going (or gone) out in a range of time.

use super::*;

/// The most plans one calendar range shows (a month of a busy team is a few thousand posts).
const CALENDAR_LIMIT: u32 = 5_000;

impl Desk {
    /// Plans with a post in `[from, to)` (RFC 3339 instants): schedules at their time (a
    /// moved post at its own), publish-now plans when they were made. The UI places each post
    /// on the wall clock of the zone it shows.
    pub fn calendar(&self, from: &str, to: &str) -> Result<Vec<PlanSummary>> {
        let info = self.local_connection()?;
        let instant = |field: &str, v: &str| {
            chrono::DateTime::parse_from_rfc3339(v)
                .map(|t| crate::store::ts_text(t.with_timezone(&Utc)))
                .map_err(|_| {
                    DeskError::invalid(field, "an RFC 3339 instant, such as 2026-12-01T00:00:00Z")
                })
        };
        let (from, to) = (instant("from", from)?, instant("to", to)?);
        if from >= to {
            return Err(DeskError::invalid("to", "the range ends after it starts"));
        }
        Ok(self
            .store
            .plans_in_range(&info.project_id, &from, &to, CALENDAR_LIMIT)?)
    }
}
