//! What a refresh means for a plan not yet sent, as a pure policy: hold it while only
//! accounts needing reconnection are in its way, release it when they are back, end it when
//! anything else makes it invalid (a rejected container, a revoked account), else keep it.

use crate::model::{Account, AccountStatus, Issue, PlanDraft, Severity};
use crate::rules;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Verdict {
    /// Nothing changes.
    Keep,
    /// Held until these accounts (handles) are reconnected; nothing is sent meanwhile.
    Hold { handles: Vec<String> },
    /// Every account is connected again: it goes on.
    Release,
    /// It ends now with the first blocking issue, naming every one.
    Reject { first: Issue, reasons: Vec<String> },
}

/// The verdict for a plan with these `issues` (from `check_plan`) against the fresh
/// `accounts`; `waiting` says whether it is held for an account already.
pub(super) fn verdict(
    issues: &[Issue],
    draft: &PlanDraft,
    accounts: &[Account],
    waiting: bool,
) -> Verdict {
    // A passed schedule time is the outbox's to handle (it asks the user), not a reason
    // to end the plan here.
    let blocking: Vec<&Issue> = issues
        .iter()
        .filter(|i| i.severity == Severity::Error && i.path != "scheduledFor")
        .collect();
    let handles = reauth_handles(draft, accounts);
    if !blocking.is_empty()
        && !handles.is_empty()
        && blocking.iter().all(|i| is_reauth_issue(i, draft, accounts))
    {
        return if waiting {
            Verdict::Keep
        } else {
            Verdict::Hold { handles }
        };
    }
    match blocking.first() {
        None if waiting => Verdict::Release,
        None => Verdict::Keep,
        Some(first) => Verdict::Reject {
            first: (*first).clone(),
            reasons: blocking
                .iter()
                .map(|i| format!("{}: {}", i.path, i.message))
                .collect(),
        },
    }
}

/// The handles of the plan's accounts that need reconnecting.
fn reauth_handles(draft: &PlanDraft, accounts: &[Account]) -> Vec<String> {
    draft
        .targets
        .iter()
        .filter_map(|t| {
            accounts
                .iter()
                .find(|a| a.social_account_id == t.social_account_id)
        })
        .filter(|a| a.status == AccountStatus::ReauthRequired)
        .map(|a| format!("@{}", a.handle))
        .collect()
}

/// Whether an issue is only that one target's account needs reconnecting.
fn is_reauth_issue(issue: &Issue, draft: &PlanDraft, accounts: &[Account]) -> bool {
    if issue.code != rules::ACCOUNT_NOT_PUBLISH_READY {
        return false;
    }
    draft.targets.iter().enumerate().any(|(i, t)| {
        issue.path.starts_with(&format!("targets[{i}]"))
            && accounts.iter().any(|a| {
                a.social_account_id == t.social_account_id
                    && a.status == AccountStatus::ReauthRequired
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PlanAction, TargetSpec};

    fn account(id: &str, handle: &str, status: &str) -> Account {
        serde_json::from_value(serde_json::json!({
            "socialAccountId": id, "platform": "tiktok", "handle": handle, "status": status,
            "leased": false, "avatarUrl": null, "connectedAt": null, "tokenExpiresAt": null
        }))
        .unwrap()
    }

    fn draft(accounts: &[&str]) -> PlanDraft {
        PlanDraft {
            container_id: "cnt_1".into(),
            action: PlanAction::Publish,
            targets: accounts.iter().map(|a| TargetSpec::publish(a)).collect(),
            scheduled_for: None,
            time_zone: None,
        }
    }

    fn issue(path: &str, code: &str) -> Issue {
        Issue {
            path: path.into(),
            code: code.into(),
            message: format!("{code} here"),
            severity: Severity::Error,
        }
    }

    #[test]
    fn only_accounts_to_reconnect_in_the_way_hold_the_plan_once() {
        let accounts = [account("sa_1", "glow", "reauth_required")];
        let issues = [issue(
            "targets[0].socialAccountId",
            rules::ACCOUNT_NOT_PUBLISH_READY,
        )];
        assert_eq!(
            verdict(&issues, &draft(&["sa_1"]), &accounts, false),
            Verdict::Hold {
                handles: vec!["@glow".into()]
            }
        );
        assert_eq!(
            verdict(&issues, &draft(&["sa_1"]), &accounts, true),
            Verdict::Keep
        );
    }

    #[test]
    fn a_held_plan_goes_on_once_nothing_blocks_it() {
        let accounts = [account("sa_1", "glow", "connected")];
        assert_eq!(
            verdict(&[], &draft(&["sa_1"]), &accounts, true),
            Verdict::Release
        );
        assert_eq!(
            verdict(&[], &draft(&["sa_1"]), &accounts, false),
            Verdict::Keep
        );
    }

    #[test]
    fn anything_else_in_the_way_ends_the_plan_naming_every_issue() {
        let accounts = [account("sa_1", "glow", "reauth_required")];
        let issues = [
            issue(
                "targets[0].socialAccountId",
                rules::ACCOUNT_NOT_PUBLISH_READY,
            ),
            issue("containerId", "CONTAINER_REJECTED"),
        ];
        match verdict(&issues, &draft(&["sa_1"]), &accounts, true) {
            Verdict::Reject { first, reasons } => {
                assert_eq!(first.code, rules::ACCOUNT_NOT_PUBLISH_READY);
                assert_eq!(reasons.len(), 2);
                assert!(reasons[1].starts_with("containerId: "));
            }
            other => panic!("expected a rejection, got {other:?}"),
        }
    }

    #[test]
    fn a_passed_schedule_time_is_left_to_the_outbox() {
        let issues = [issue("scheduledFor", "SCHEDULE_IN_PAST")];
        assert_eq!(
            verdict(&issues, &draft(&["sa_1"]), &[], false),
            Verdict::Keep
        );
    }
}
