//! The plan lifecycle in one table: which event moves a plan from which states to which
//! state. The store's transitions are guarded updates built from it (`guard_sql`), so a plan
//! that is no longer in a state the event may leave is never moved; the actions the UI
//! offers for a plan are read from it too (`offers`), so the window offers exactly what core
//! will accept. `docs/DESIGN.md` draws the same table.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::PlanState::{self, *};

/// Something that happens to a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanEvent {
    /// The user queues a draft.
    Queue,
    /// The user takes a plan back into the drafts.
    PullBack,
    /// The user deletes a draft.
    Delete,
    /// The user cancels a plan that has not reached the API.
    Cancel,
    /// The user answers a plan whose schedule passed: publish now or a new time.
    Decide,
    /// The outbox takes a due plan to send it (a `sending` one again after a crash).
    Claim,
    /// The API took the plan.
    Accept,
    /// No answer, or one worth another try: sent again later with the same key.
    Retry,
    /// The posts were looked for before sending and none exists: sent now.
    LookedFirst,
    /// The API keeps the plan until its container is approved.
    HoldForApproval,
    /// The plan is sent again under a new key (approval came, the body changed).
    Requeue,
    /// An account the plan posts to needs reconnecting: held, nothing sent.
    WaitForAccount,
    /// Every account is connected again.
    ReleaseAccount,
    /// The user has to decide (a missed schedule, posts that may exist).
    NeedDecision,
    /// The plan ends without being sent (a caller error, a rejected container).
    Reject,
    /// Every post reached a final status.
    Settle,
    /// A post did not reach a final status before the deadline.
    SettleUnconfirmed,
    /// The user had the service try failed posts again (PostEverywhere's retry keeps the
    /// post): they are followed again.
    FollowAgain,
}

/// A state an event may start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    State(PlanState),
    /// `queued` and never tried: it cannot have reached the API.
    Unsent,
}

use Source::{State as In, Unsent};

/// One row of the table. `to` is None for an event that removes the plan.
pub struct Edge {
    pub event: PlanEvent,
    pub from: &'static [Source],
    pub to: Option<PlanState>,
}

/// Plans that cannot have reached the API: the ones a refresh may hold, release or end
/// (`desk::reconcile`). `Reject` takes them all, and `Sending` besides.
pub const NOT_SENT: &[Source] = &[Unsent, In(WaitingApproval), In(WaitingAccount)];

/// The whole lifecycle. An event not listed from a state is refused there.
pub const TABLE: &[Edge] = &[
    edge(PlanEvent::Queue, &[In(Draft)], Queued),
    edge(
        PlanEvent::PullBack,
        &[Unsent, In(NeedsDecision), In(Rejected)],
        Draft,
    ),
    Edge {
        event: PlanEvent::Delete,
        from: &[In(Draft)],
        to: None,
    },
    edge(
        PlanEvent::Cancel,
        &[
            Unsent,
            In(WaitingApproval),
            In(WaitingAccount),
            In(NeedsDecision),
        ],
        Canceled,
    ),
    edge(PlanEvent::Decide, &[In(NeedsDecision)], Queued),
    edge(PlanEvent::Claim, &[In(Queued), In(Sending)], Sending),
    edge(PlanEvent::Accept, &[In(Sending)], Accepted),
    edge(PlanEvent::Retry, &[In(Sending)], Queued),
    edge(PlanEvent::LookedFirst, &[In(Sending)], Queued),
    edge(PlanEvent::HoldForApproval, &[In(Sending)], WaitingApproval),
    edge(
        PlanEvent::Requeue,
        &[In(Sending), In(WaitingApproval)],
        Queued,
    ),
    edge(
        PlanEvent::WaitForAccount,
        &[Unsent, In(WaitingApproval)],
        WaitingAccount,
    ),
    edge(PlanEvent::ReleaseAccount, &[In(WaitingAccount)], Queued),
    edge(PlanEvent::NeedDecision, &[In(Sending)], NeedsDecision),
    edge(
        PlanEvent::Reject,
        &[In(Sending), Unsent, In(WaitingApproval), In(WaitingAccount)],
        Rejected,
    ),
    edge(PlanEvent::Settle, &[In(Accepted)], Done),
    edge(PlanEvent::SettleUnconfirmed, &[In(Accepted)], Unconfirmed),
    edge(
        PlanEvent::FollowAgain,
        &[In(Done), In(Unconfirmed)],
        Accepted,
    ),
];

const fn edge(event: PlanEvent, from: &'static [Source], to: PlanState) -> Edge {
    Edge {
        event,
        from,
        to: Some(to),
    }
}

fn row(event: PlanEvent) -> &'static Edge {
    TABLE
        .iter()
        .find(|e| e.event == event)
        .expect("every event has its row in TABLE")
}

/// Where the event takes a plan (None: the plan is removed).
pub fn target(event: PlanEvent) -> Option<PlanState> {
    row(event).to
}

/// Whether a plan in `state`, tried `attempts` times, may take `event`.
pub fn allows(event: PlanEvent, state: PlanState, attempts: u32) -> bool {
    row(event).from.iter().any(|f| match f {
        In(s) => *s == state,
        Unsent => state == Queued && attempts == 0,
    })
}

/// The SQL condition on a `plans` row that `allows` the event, for a guarded update.
pub fn guard_sql(event: PlanEvent) -> String {
    sources_sql(row(event).from)
}

/// The SQL condition on a `plans` row for being in one of `sources`.
pub fn sources_sql(sources: &[Source]) -> String {
    let mut states = Vec::new();
    let mut parts = Vec::new();
    for f in sources {
        match f {
            In(s) => states.push(format!("'{}'", s.as_str())),
            Unsent => parts.push("(state = 'queued' AND attempts = 0)".to_string()),
        }
    }
    if !states.is_empty() {
        parts.insert(0, format!("state IN ({})", states.join(", ")));
    }
    format!("({})", parts.join(" OR "))
}

/// How a refusal names the event: "plan … is sending now, so it cannot be canceled".
pub fn past_tense(event: PlanEvent) -> &'static str {
    match event {
        PlanEvent::Queue => "queued",
        PlanEvent::PullBack => "pulled back to draft",
        PlanEvent::Delete => "deleted",
        PlanEvent::Cancel => "canceled",
        PlanEvent::Decide => "decided on",
        PlanEvent::Claim => "claimed for sending",
        PlanEvent::Accept => "marked accepted",
        PlanEvent::Retry => "retried",
        PlanEvent::LookedFirst => "sent after looking",
        PlanEvent::HoldForApproval => "held for approval",
        PlanEvent::Requeue => "queued again",
        PlanEvent::WaitForAccount => "held for an account",
        PlanEvent::ReleaseAccount => "released",
        PlanEvent::NeedDecision => "put to a decision",
        PlanEvent::Reject => "rejected",
        PlanEvent::Settle => "settled",
        PlanEvent::SettleUnconfirmed => "settled as unconfirmed",
        PlanEvent::FollowAgain => "followed again",
    }
}

/// What the user may do with a plan, as the window offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PlanOffer {
    /// Cancel it (shown as Undo while the publish-now window lasts).
    Cancel,
    /// Take it back into the drafts.
    PullBack,
    /// Publish now or pick a new time for a missed schedule.
    Decide,
    /// Open the draft in the composer (to queue or delete it).
    OpenDraft,
}

const OFFERS: &[(PlanOffer, PlanEvent)] = &[
    (PlanOffer::Cancel, PlanEvent::Cancel),
    (PlanOffer::PullBack, PlanEvent::PullBack),
    (PlanOffer::Decide, PlanEvent::Decide),
    (PlanOffer::OpenDraft, PlanEvent::Queue),
];

/// The offers the table allows for a plan in `state`, tried `attempts` times.
pub fn offers(state: PlanState, attempts: u32) -> Vec<PlanOffer> {
    OFFERS
        .iter()
        .filter(|(_, event)| allows(*event, state, attempts))
        .map(|(offer, _)| *offer)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refresh_may_end_every_plan_not_sent() {
        for source in NOT_SENT {
            assert!(row(PlanEvent::Reject).from.contains(source), "{source:?}");
        }
    }

    #[test]
    fn final_states_take_no_event_but_following_again() {
        // A settled plan opens again only to follow posts the service tries again; the
        // user's own actions and the outbox's never leave a final state.
        assert!(allows(PlanEvent::FollowAgain, Done, 1));
        assert!(allows(PlanEvent::FollowAgain, Unconfirmed, 1));
        assert!(!allows(PlanEvent::FollowAgain, Canceled, 1));
        for state in [Done, Unconfirmed, Canceled] {
            for e in TABLE.iter().filter(|e| e.event != PlanEvent::FollowAgain) {
                assert!(!allows(e.event, state, 0), "{:?} from {state:?}", e.event);
                assert!(!allows(e.event, state, 3), "{:?} from {state:?}", e.event);
            }
        }
    }

    #[test]
    fn a_plan_that_may_have_reached_the_api_cannot_be_canceled_or_pulled_back() {
        assert!(allows(PlanEvent::Cancel, Queued, 0));
        assert!(!allows(PlanEvent::Cancel, Queued, 1));
        assert!(!allows(PlanEvent::Cancel, Sending, 0));
        assert!(!allows(PlanEvent::PullBack, Queued, 2));
        assert!(!allows(PlanEvent::Cancel, Accepted, 0));
    }

    #[test]
    fn the_sql_guard_says_what_allows_says() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE plans(state TEXT, attempts INTEGER)")
            .unwrap();
        for e in TABLE {
            let sql = format!("SELECT {} FROM plans", guard_sql(e.event));
            for state in PlanState::ALL {
                for attempts in [0u32, 1] {
                    conn.execute("DELETE FROM plans", []).unwrap();
                    conn.execute(
                        "INSERT INTO plans VALUES (?1, ?2)",
                        rusqlite::params![state.as_str(), attempts],
                    )
                    .unwrap();
                    let sql_says: bool = conn.query_row(&sql, [], |r| r.get(0)).unwrap();
                    assert_eq!(
                        sql_says,
                        allows(e.event, state, attempts),
                        "{:?} from {state:?} after {attempts} attempts",
                        e.event
                    );
                }
            }
        }
    }

    #[test]
    fn offers_follow_the_table() {
        assert_eq!(offers(Draft, 0), vec![PlanOffer::OpenDraft]);
        assert_eq!(
            offers(Queued, 0),
            vec![PlanOffer::Cancel, PlanOffer::PullBack]
        );
        assert_eq!(offers(Queued, 1), vec![]);
        assert_eq!(
            offers(NeedsDecision, 0),
            vec![PlanOffer::Cancel, PlanOffer::PullBack, PlanOffer::Decide]
        );
        // The drift the table fixes: a plan held for an account can be canceled, and says so.
        assert_eq!(offers(WaitingAccount, 0), vec![PlanOffer::Cancel]);
        assert_eq!(offers(WaitingApproval, 0), vec![PlanOffer::Cancel]);
        assert_eq!(offers(Rejected, 1), vec![PlanOffer::PullBack]);
        for state in [Sending, Accepted, Done, Unconfirmed, Canceled] {
            assert_eq!(offers(state, 0), vec![], "{state:?}");
        }
    }

    #[test]
    fn every_event_has_one_row() {
        // `past_tense` matches every event, so this list cannot miss one without a warning
        // there; each must have exactly one row.
        for event in [
            PlanEvent::Queue,
            PlanEvent::PullBack,
            PlanEvent::Delete,
            PlanEvent::Cancel,
            PlanEvent::Decide,
            PlanEvent::Claim,
            PlanEvent::Accept,
            PlanEvent::Retry,
            PlanEvent::LookedFirst,
            PlanEvent::HoldForApproval,
            PlanEvent::Requeue,
            PlanEvent::WaitForAccount,
            PlanEvent::ReleaseAccount,
            PlanEvent::NeedDecision,
            PlanEvent::Reject,
            PlanEvent::Settle,
            PlanEvent::SettleUnconfirmed,
        ] {
            assert_eq!(
                TABLE.iter().filter(|o| o.event == event).count(),
                1,
                "{event:?}"
            );
        }
        for e in TABLE {
            assert_eq!(
                TABLE.iter().filter(|o| o.event == e.event).count(),
                1,
                "{:?}",
                e.event
            );
        }
    }
}
