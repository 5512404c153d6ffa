//! Posts a teammate made through another desk or tool, for a sandbox that shows a team's
//! calendar (`--team-posts`): scheduled ones over the coming weeks and two already out.
//! The client knows none of them, so they are the project's schedule it did not write.

use chrono::{DateTime, Duration, DurationRound, Utc};
use serde_json::json;

use crate::ids::fixed;
use crate::publisher::create_posts;
use crate::state::{PlannedTarget, State};

/// How the ledger marks them, so a test counting its own posts can leave them out.
pub const VIA: &str = "teammate";

/// Days from now (negative: gone out) and the UTC hour of each teammate post.
const SLOTS: &[(i64, u32)] = &[
    (-3, 15),
    (-1, 18),
    (2, 16),
    (4, 17),
    (6, 15),
    (9, 19),
    (12, 16),
    (16, 17),
];

/// Adds the teammate posts to a fresh state, on the main project's ready containers and
/// connected accounts, taken in turn.
pub fn seed(s: &mut State, now: DateTime<Utc>) {
    let project = crate::fixture::main_project_id();
    let containers: Vec<String> = s
        .containers
        .iter()
        .filter(|c| {
            c.project_id == project
                && c.status == "completed"
                && c.approval_status != "rejected"
                && c.approval_status != "pending"
        })
        .map(|c| c.id.clone())
        .collect();
    let accounts: Vec<(String, String)> = s
        .accounts
        .iter()
        .filter(|a| a.project_id == project && a.status == "connected")
        .map(|a| (a.social_account_id.clone(), a.platform.clone()))
        .collect();
    if containers.is_empty() || accounts.is_empty() {
        return;
    }
    let midnight = now.duration_trunc(Duration::days(1)).unwrap_or(now);
    let key = fixed("key_", "teammate");
    for (i, (days, hour)) in SLOTS.iter().enumerate() {
        let at = midnight + Duration::days(*days) + Duration::hours(i64::from(*hour));
        let (account, platform) = &accounts[i % accounts.len()];
        let target = PlannedTarget {
            social_account_id: account.clone(),
            platform: platform.clone(),
            mode: "publish".into(),
            scheduled_post_id: None,
            raw: json!({ "socialAccountId": account, "mode": "publish" }),
        };
        let container = &containers[i % containers.len()];
        let ids = create_posts(s, container, &project, &[target], at, at, VIA, &key, now);
        if at < now {
            if let Some(p) = s.posts.iter_mut().find(|p| ids.contains(&p.id)) {
                p.status = "published".into();
                p.attempted_at = Some(at);
                p.published_at = Some(at + Duration::minutes(1));
                p.external_id = Some(format!("team{i}"));
                p.external_url = Some(format!("https://example.com/{platform}/team{i}"));
            }
        }
    }
}
