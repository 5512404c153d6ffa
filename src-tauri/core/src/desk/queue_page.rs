//! The queue a page at a time, for a list that loads more as it scrolls.

use super::Desk;
use crate::error::{DeskError, Result};
use crate::model::{PlanCursor, PlanKind, PlanPage};

/// The most plans one page may hold: enough for a screenful many times over, small enough
/// that one answer stays a few hundred kilobytes of JSON.
pub const MAX_PAGE_PLANS: u32 = 500;

impl Desk {
    /// The project's plans of one kind newest first, `limit` of them, starting after `after`
    /// (the previous page's `next`), or at the newest plan without it.
    pub fn plans_page(
        &self,
        kind: PlanKind,
        after: Option<&PlanCursor>,
        limit: u32,
    ) -> Result<PlanPage> {
        if !(1..=MAX_PAGE_PLANS).contains(&limit) {
            return Err(DeskError::invalid(
                "limit",
                format!("must be between 1 and {MAX_PAGE_PLANS} plans, got {limit}"),
            ));
        }
        if let Some(cursor) = after {
            check_cursor(cursor)?;
        }
        let info = self.local_connection()?;
        Ok(self
            .store
            .plans_page(&info.project_id, Some(kind), after, limit)?)
    }
}

/// A cursor is only ever one this side handed out; anything else would silently page from
/// the wrong place, so it is refused.
fn check_cursor(cursor: &PlanCursor) -> Result<()> {
    if chrono::DateTime::parse_from_rfc3339(&cursor.created_at).is_err() {
        return Err(DeskError::invalid(
            "after.createdAt",
            "must be an RFC 3339 timestamp, the `next.createdAt` of the previous page",
        ));
    }
    if cursor.id.trim().is_empty() {
        return Err(DeskError::invalid(
            "after.id",
            "must be a plan id, the `next.id` of the previous page",
        ));
    }
    Ok(())
}
