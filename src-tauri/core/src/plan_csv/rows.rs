//! One sheet row as a plan draft, in the composer's own terms: accounts by handle or `sa_`
//! id, each setting on the targets it applies to, a wall-clock time in an IANA zone. Each
//! problem is an `Issue` at `rows[N].column` whose message names the row and the column; the
//! composer's rules (`rules::check`) run on the draft afterwards and are mapped back to a
//! column by `column_of`.

use sha2::{Digest, Sha256};

use super::sheet::SheetRow;
use super::{COLUMNS, LIST_SEPARATOR};
use crate::model::{
    Account, Issue, MusicMode, PlanAction, PlanDraft, PrivacyLevel, Severity, TargetMode,
    TargetSpec, TiktokMusic, TiktokPostSettings,
};

/// A problem of row `number` in `column`, worded "Row 4, accounts: …".
pub fn row_issue(number: u32, column: &str, code: &str, rule: impl Into<String>) -> Issue {
    Issue {
        path: format!("rows[{number}].{column}"),
        code: code.into(),
        message: format!("Row {number}, {column}: {}", rule.into()),
        severity: Severity::Error,
    }
}

/// The column a composer rule's path is about (`targets[1].captionOverride` → `caption`).
pub fn column_of(path: &str) -> &'static str {
    let field = path.rsplit_once('.').map_or(path, |(_, f)| f);
    let field = if path.contains("tiktokPostSettings") {
        "tiktokPostSettings"
    } else if path.contains("tiktokMusic") {
        "tiktokMusic"
    } else {
        field
    };
    match field {
        "containerId" => "container",
        "scheduledFor" => "time",
        "timeZone" => "time_zone",
        "captionOverride" => "caption",
        "firstCommentOverride" => "first_comment",
        "tiktokPostSettings" => "tiktok_privacy",
        "tiktokMusic" => "tiktok_music",
        "shareReelToFeed" => "reel_to_grid",
        "mode" => "mode",
        _ => "accounts",
    }
}

/// What identifies a row across imports: its project and every cell an import reads, so the
/// same row imported again is recognised, and a row changed in any cell is a new one.
pub fn identity(project_id: &str, row: &SheetRow) -> String {
    let cells: Vec<&str> = COLUMNS.iter().map(|c| row.get(c)).collect();
    let text = serde_json::json!([project_id, cells]).to_string();
    format!("{:x}", Sha256::digest(text.as_bytes()))
}

fn list(cell: &str) -> Vec<&str> {
    cell.split(LIST_SEPARATOR)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// The accounts a cell names, each by `sa_` id or handle (`@` optional, any case).
fn accounts(row: &SheetRow, known: &[Account], issues: &mut Vec<Issue>) -> Vec<Account> {
    let n = row.number;
    let named = list(row.get("accounts"));
    if named.is_empty() {
        issues.push(row_issue(
            n,
            "accounts",
            "VALIDATION",
            "name at least one account (a handle such as @maya.snaps, or an sa_ id), several separated by |",
        ));
    }
    let mut found = Vec::new();
    for name in named {
        let handle = name.trim_start_matches('@');
        let account = known.iter().find(|a| {
            a.social_account_id == name
                || a.handle
                    .trim_start_matches('@')
                    .eq_ignore_ascii_case(handle)
        });
        match account {
            Some(a) => found.push(a.clone()),
            None => issues.push(row_issue(
                n,
                "accounts",
                "NOT_FOUND",
                format!(
                    "{name} is not an account of this project (refresh, or check the spelling)"
                ),
            )),
        }
    }
    found
}

fn mode(row: &SheetRow, issues: &mut Vec<Issue>) -> TargetMode {
    match row.get("mode").to_lowercase().as_str() {
        "" | "publish" => TargetMode::Publish,
        "draft" => TargetMode::Draft,
        "managed" => TargetMode::Managed,
        other => {
            issues.push(row_issue(
                row.number,
                "mode",
                "VALIDATION",
                format!("{other:?} is not a mode: use publish, draft or managed"),
            ));
            TargetMode::Publish
        }
    }
}

fn privacy(row: &SheetRow, issues: &mut Vec<Issue>) -> Option<PrivacyLevel> {
    let cell = row.get("tiktok_privacy");
    if cell.is_empty() {
        return None;
    }
    let level = serde_json::from_value(serde_json::Value::String(cell.to_uppercase())).ok();
    if level.is_none() {
        issues.push(row_issue(
            row.number,
            "tiktok_privacy",
            "VALIDATION",
            format!("{cell:?} is not a TikTok privacy level: use PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, FOLLOWER_OF_CREATOR or SELF_ONLY"),
        ));
    }
    level
}

fn music(row: &SheetRow) -> Option<TiktokMusic> {
    let (mode, track_id) = match row.get("tiktok_music") {
        "" => return None,
        m if m.eq_ignore_ascii_case("none") => (MusicMode::None, None),
        m if m.eq_ignore_ascii_case("auto") => (MusicMode::Auto, None),
        track => (MusicMode::Manual, Some(track.to_string())),
    };
    Some(TiktokMusic { mode, track_id })
}

fn reel_to_grid(row: &SheetRow, issues: &mut Vec<Issue>) -> Option<bool> {
    match row.get("reel_to_grid").to_lowercase().as_str() {
        "" => None,
        "yes" | "true" | "1" => Some(true),
        "no" | "false" | "0" => Some(false),
        other => {
            issues.push(row_issue(
                row.number,
                "reel_to_grid",
                "VALIDATION",
                format!("{other:?} is not yes or no"),
            ));
            None
        }
    }
}

/// `date`, `time` and `time_zone`: all empty publishes now; otherwise all three, as
/// `YYYY-MM-DD`, `HH:MM` and an IANA zone. Whether the time exists (and is not past) is the
/// composer's rule, checked on the draft.
fn when(row: &SheetRow, issues: &mut Vec<Issue>) -> (PlanAction, Option<String>, Option<String>) {
    let n = row.number;
    let (date, time, zone) = (row.get("date"), row.get("time"), row.get("time_zone"));
    if date.is_empty() && time.is_empty() && zone.is_empty() {
        return (PlanAction::Publish, None, None);
    }
    let before = issues.len();
    if chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err() {
        issues.push(row_issue(n, "date", "VALIDATION", format!("{date:?} is not a date as YYYY-MM-DD (leave date, time and time_zone all empty to publish at once)")));
    }
    if time.len() != 5 || chrono::NaiveTime::parse_from_str(time, "%H:%M").is_err() {
        issues.push(row_issue(
            n,
            "time",
            "VALIDATION",
            format!("{time:?} is not a time as HH:MM (24-hour)"),
        ));
    }
    if crate::schedule_time::parse_zone(zone).is_err() {
        issues.push(row_issue(
            n,
            "time_zone",
            "VALIDATION",
            format!("{zone:?} is not an IANA time zone such as Europe/Paris"),
        ));
    }
    if issues.len() > before {
        return (PlanAction::Schedule, None, None);
    }
    (
        PlanAction::Schedule,
        Some(format!("{date}T{time}")),
        Some(zone.to_string()),
    )
}

/// The plan draft row `row` asks for, or its problems (every one found, not the first).
pub fn draft_of(row: &SheetRow, known: &[Account]) -> Result<PlanDraft, Vec<Issue>> {
    let n = row.number;
    let mut issues = Vec::new();
    if row.extra_cells > 0 {
        issues.push(row_issue(
            n,
            "row",
            "VALIDATION",
            format!(
                "it has {} more cells than the header names",
                row.extra_cells
            ),
        ));
    }
    // With files, the caption is the new post's own (the upload's), not an override.
    let files = !row.get("files").is_empty();
    match (files, row.get("container").is_empty()) {
        (true, false) => issues.push(row_issue(
            n,
            "files",
            "VALIDATION",
            "name a container or files, not both",
        )),
        (false, true) => issues.push(row_issue(
            n,
            "container",
            "VALIDATION",
            "name the container to publish (a cnt_ id), or the files to post",
        )),
        _ => {}
    }
    let accounts = accounts(row, known, &mut issues);
    let mode = mode(row, &mut issues);
    let privacy = privacy(row, &mut issues);
    let music = music(row);
    let reel = reel_to_grid(row, &mut issues);
    let (action, scheduled_for, time_zone) = when(row, &mut issues);
    let text = |c: &str| Some(row.get(c).to_string()).filter(|s| !s.is_empty());
    let targets: Vec<TargetSpec> = accounts
        .iter()
        .map(|a| {
            let tiktok = a.platform == "tiktok";
            if tiktok && mode == TargetMode::Publish && privacy.is_none() && row.get("tiktok_privacy").is_empty() {
                issues.push(row_issue(
                    n,
                    "tiktok_privacy",
                    "VALIDATION",
                    format!("@{} is a TikTok account: choose who can watch the post (it is never preset)", a.handle.trim_start_matches('@')),
                ));
            }
            TargetSpec {
                social_account_id: a.social_account_id.clone(),
                mode,
                caption_override: if files { None } else { text("caption") },
                first_comment_override: text("first_comment"),
                // Comments, Duet and Stitch stay off: a sheet has no column to allow them.
                tiktok_post_settings: tiktok.then(|| TiktokPostSettings {
                    privacy_level: privacy,
                    disable_comment: Some(true),
                    disable_duet: Some(true),
                    disable_stitch: Some(true),
                    ..TiktokPostSettings::default()
                }),
                tiktok_music: if tiktok { music.clone() } else { None },
                share_reel_to_feed: if a.platform == "instagram" { reel } else { None },
            }
        })
        .collect();
    if !issues.is_empty() {
        return Err(issues);
    }
    Ok(PlanDraft {
        container_id: row.get("container").to_string(),
        action,
        targets,
        scheduled_for,
        time_zone,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AccountStatus;

    fn account(id: &str, platform: &str, handle: &str) -> Account {
        Account {
            social_account_id: id.into(),
            platform: platform.into(),
            handle: handle.into(),
            avatar_url: None,
            status: AccountStatus::Connected,
            leased: false,
            connected_at: None,
            token_expires_at: None,
            monthly_price_cents: None,
        }
    }

    fn known() -> Vec<Account> {
        vec![
            account("sa_t", "tiktok", "maya.moves"),
            account("sa_i", "instagram", "maya.snaps"),
        ]
    }

    #[test]
    fn a_full_row_becomes_the_composer_draft() {
        let row = SheetRow::of(
            2,
            &[
                ("container", "cnt_1"),
                ("accounts", "@Maya.Moves | sa_i"),
                ("caption", "Hi"),
                ("date", "2027-03-28"),
                ("time", "09:30"),
                ("time_zone", "Europe/Paris"),
                ("tiktok_privacy", "self_only"),
                ("tiktok_music", "auto"),
                ("reel_to_grid", "no"),
            ],
        );
        let d = draft_of(&row, &known()).unwrap();
        assert_eq!(d.action, PlanAction::Schedule);
        assert_eq!(d.scheduled_for.as_deref(), Some("2027-03-28T09:30"));
        assert_eq!(d.targets.len(), 2);
        let (t, i) = (&d.targets[0], &d.targets[1]);
        let settings = t.tiktok_post_settings.as_ref().unwrap();
        assert_eq!(settings.privacy_level, Some(PrivacyLevel::SelfOnly));
        assert_eq!(settings.disable_comment, Some(true));
        assert_eq!(t.tiktok_music.as_ref().unwrap().mode, MusicMode::Auto);
        assert_eq!(t.share_reel_to_feed, None);
        assert_eq!(i.share_reel_to_feed, Some(false));
        assert!(i.tiktok_post_settings.is_none());
        assert_eq!(i.caption_override.as_deref(), Some("Hi"));
    }

    #[test]
    fn every_problem_of_a_row_names_the_row_and_column() {
        let row = SheetRow::of(
            7,
            &[
                ("container", "cnt_1"),
                ("accounts", "@maya.moves|@nobody"),
                ("mode", "later"),
                ("date", "28/03/2027"),
                ("time", "9:30"),
                ("time_zone", "Paris"),
                ("reel_to_grid", "maybe"),
            ],
        );
        let issues = draft_of(&row, &known()).unwrap_err();
        let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
        for p in [
            "rows[7].accounts",
            "rows[7].mode",
            "rows[7].date",
            "rows[7].time",
            "rows[7].time_zone",
            "rows[7].reel_to_grid",
            "rows[7].tiktok_privacy",
        ] {
            assert!(paths.contains(&p), "{p} in {paths:?}");
        }
        assert!(
            issues.iter().all(|i| i.message.starts_with("Row 7, ")),
            "{issues:#?}"
        );
        assert!(issues
            .iter()
            .any(|i| i.message.contains("@nobody is not an account")));
    }

    #[test]
    fn publish_now_files_and_identity() {
        let now = SheetRow::of(2, &[("container", "cnt_1"), ("accounts", "sa_i")]);
        assert_eq!(
            draft_of(&now, &known()).unwrap().action,
            PlanAction::Publish
        );
        // Files make the post: no container, and the caption is the post's own.
        let files = SheetRow::of(
            3,
            &[
                ("files", "/tmp/a.mp4"),
                ("accounts", "sa_i"),
                ("caption", "Hi"),
            ],
        );
        let draft = draft_of(&files, &known()).unwrap();
        assert_eq!(draft.container_id, "");
        assert_eq!(draft.targets[0].caption_override, None);
        let both = SheetRow::of(
            4,
            &[
                ("files", "/tmp/a.mp4"),
                ("container", "cnt_1"),
                ("accounts", "sa_i"),
            ],
        );
        assert_eq!(
            draft_of(&both, &known()).unwrap_err()[0].path,
            "rows[4].files"
        );
        // The same cells are the same row wherever they sit; another cell is another row.
        let moved = SheetRow::of(9, &[("container", "cnt_1"), ("accounts", "sa_i")]);
        assert_eq!(identity("prj", &now), identity("prj", &moved));
        assert_ne!(identity("prj", &now), identity("prj2", &now));
        let other = SheetRow::of(2, &[("container", "cnt_1"), ("accounts", "sa_t")]);
        assert_ne!(identity("prj", &now), identity("prj", &other));
    }

    #[test]
    fn composer_paths_map_to_columns() {
        assert_eq!(column_of("targets[1].captionOverride"), "caption");
        assert_eq!(
            column_of("targets[0].tiktokPostSettings.privacyLevel"),
            "tiktok_privacy"
        );
        assert_eq!(column_of("targets[0].tiktokMusic.trackId"), "tiktok_music");
        assert_eq!(column_of("scheduledFor"), "time");
        assert_eq!(column_of("containerId"), "container");
        assert_eq!(column_of("targets"), "accounts");
    }
}
