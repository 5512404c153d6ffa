//! The rules a plan must meet, mirroring the Layers API's own (so an invalid plan is never
//! sent) plus warnings where the API would silently ignore or change what the user asked
//! for. Used by the UI as the user types, by the outbox before sending, and by the CLI.

use chrono::{DateTime, Utc};

use crate::model::*;
use crate::schedule_time;

pub const MAX_TARGETS: usize = 50;
pub const MAX_OVERRIDE_CHARS: usize = 4000;

/// The issue code for an account that cannot publish now (it needs reconnecting).
pub const ACCOUNT_NOT_PUBLISH_READY: &str = "SOCIAL_ACCOUNT_NOT_PUBLISH_READY";

/// A text's length for the API's limits, counted the strictest way a server may count
/// "characters": UTF-16 code units, never fewer than Unicode scalar values, so a text we
/// accept passes either reading (docs/api-open-points.md, `text-length`).
pub fn text_len(s: &str) -> usize {
    s.encode_utf16().count()
}
/// The API refuses schedules that are not in the future; it tolerates about 30 s of skew.
pub const MIN_LEAD_SECONDS: i64 = 30;

/// A wall-clock time in a zone, as UTC, when it is far enough ahead for the API: the one
/// lead-time check (plans, decisions and reschedules all use it).
pub fn future_time(
    when: &str,
    zone: &str,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, crate::DeskError> {
    let r = schedule_time::resolve(when, zone)?;
    if (r.utc - now).num_seconds() < MIN_LEAD_SECONDS {
        return Err(crate::DeskError::invalid(
            "scheduledFor",
            format!(
                "the time must be in the future (at least {MIN_LEAD_SECONDS} seconds from now)"
            ),
        ));
    }
    Ok(r.utc)
}

/// What the rules know about the world: the cached container, accounts and music catalog.
pub struct Context<'a> {
    pub container: Option<&'a Container>,
    pub accounts: &'a [Account],
    /// Track ids of the TikTok music catalog, when it has been fetched.
    pub music_track_ids: Option<&'a [String]>,
    pub now: DateTime<Utc>,
}

pub fn has_errors(issues: &[Issue]) -> bool {
    issues.iter().any(|i| i.severity == Severity::Error)
}

struct Findings(Vec<Issue>);

impl Findings {
    fn error(&mut self, path: impl Into<String>, code: &str, message: impl Into<String>) {
        self.push(path, code, message, Severity::Error);
    }

    fn warn(&mut self, path: impl Into<String>, code: &str, message: impl Into<String>) {
        self.push(path, code, message, Severity::Warning);
    }

    fn push(
        &mut self,
        path: impl Into<String>,
        code: &str,
        message: impl Into<String>,
        severity: Severity,
    ) {
        self.0.push(Issue {
            path: path.into(),
            code: code.to_string(),
            message: message.into(),
            severity,
        });
    }
}

pub fn check(plan: &PlanDraft, ctx: &Context<'_>) -> Vec<Issue> {
    let mut f = Findings(Vec::new());
    check_container(plan, ctx, &mut f);
    check_time(plan, ctx, &mut f);
    if plan.targets.is_empty() {
        f.error("targets", "VALIDATION", "pick at least one account");
    }
    if plan.targets.len() > MAX_TARGETS {
        f.error(
            "targets",
            "VALIDATION",
            format!(
                "a plan can have at most {MAX_TARGETS} targets (this one has {})",
                plan.targets.len()
            ),
        );
    }
    for (i, t) in plan.targets.iter().enumerate() {
        check_target(i, t, plan, ctx, &mut f);
    }
    f.0
}

fn check_container(plan: &PlanDraft, ctx: &Context<'_>, f: &mut Findings) {
    const PATH: &str = "containerId";
    let Some(c) = ctx.container else {
        f.error(
            PATH,
            "NOT_FOUND",
            "this container is not in the project (refresh, or pick another)",
        );
        return;
    };
    if c.status != ContainerStatus::Completed {
        f.error(
            PATH,
            "CONFLICT",
            format!(
                "only completed containers can be published; this one is {}",
                c.status
            ),
        );
    }
    match (c.approval_status.as_str(), plan.action) {
        ("rejected", _) => f.error(
            PATH,
            "CONTENT_REJECTED",
            "this container was rejected in review",
        ),
        ("pending", PlanAction::Publish) => f.warn(
            PATH,
            "APPROVAL_REQUIRED",
            "this container awaits approval: the plan waits and goes out once it is approved",
        ),
        ("pending", PlanAction::Schedule) => f.warn(
            PATH,
            "APPROVAL_REQUIRED",
            "this container awaits approval: the schedule is held until it is approved",
        ),
        _ => {}
    }
}

fn check_time(plan: &PlanDraft, ctx: &Context<'_>, f: &mut Findings) {
    match plan.action {
        PlanAction::Publish => {
            if plan.scheduled_for.is_some() {
                f.error(
                    "scheduledFor",
                    "VALIDATION",
                    "a publish-now plan has no time; choose schedule to pick one",
                );
            }
        }
        PlanAction::Schedule => {
            let Some(when) = plan.scheduled_for.as_deref() else {
                f.error(
                    "scheduledFor",
                    "VALIDATION",
                    "pick a date and time for the schedule",
                );
                return;
            };
            let Some(zone) = plan.time_zone.as_deref() else {
                f.error(
                    "timeZone",
                    "VALIDATION",
                    "pick the time zone of the schedule",
                );
                return;
            };
            match future_time(when, zone, ctx.now) {
                Ok(_) => {}
                Err(crate::DeskError::Invalid { field, rule }) => {
                    f.error(field, "VALIDATION", rule)
                }
                Err(e) => f.error("scheduledFor", "VALIDATION", e.to_string()),
            }
        }
    }
}

fn check_target(i: usize, t: &TargetSpec, plan: &PlanDraft, ctx: &Context<'_>, f: &mut Findings) {
    let at = |field: &str| format!("targets[{i}].{field}");
    if plan.targets[..i]
        .iter()
        .any(|o| o.social_account_id == t.social_account_id)
    {
        f.warn(
            at("socialAccountId"),
            "DUPLICATE_TARGET",
            "this account is already a target of this plan: it would get two posts",
        );
    }
    let account = ctx
        .accounts
        .iter()
        .find(|a| a.social_account_id == t.social_account_id);
    let platform = account.map(|a| a.platform.as_str());
    match account {
        None => f.error(
            at("socialAccountId"),
            "NOT_FOUND",
            "this account is not connected to the project",
        ),
        Some(a) if a.status != AccountStatus::Connected => f.error(
            at("socialAccountId"),
            ACCOUNT_NOT_PUBLISH_READY,
            format!(
                "@{} cannot publish: it is {}",
                a.handle,
                a.status.as_str().replace('_', " ")
            ),
        ),
        Some(_) => {}
    }
    for (field, text) in [
        ("captionOverride", &t.caption_override),
        ("firstCommentOverride", &t.first_comment_override),
    ] {
        if let Some(text) = text {
            let n = text_len(text);
            if n > MAX_OVERRIDE_CHARS {
                f.error(
                    at(field),
                    "VALIDATION",
                    format!("at most {MAX_OVERRIDE_CHARS} characters ({n} now)"),
                );
            }
        }
    }
    // The caption this account gets: its own, or the container's.
    let caption = t
        .caption_override
        .as_deref()
        .or(ctx.container.and_then(|c| c.caption.as_deref()));
    if let (Some(platform), Some(caption)) = (platform, caption) {
        for (code, message) in crate::platform_limits::caption_problems(platform, caption) {
            f.warn(at("captionOverride"), code, message);
        }
    }
    check_tiktok_settings(i, t, platform, ctx, f);
    check_music(i, t, platform, ctx, f);
    check_reel_placement(i, t, platform, ctx, f);
}

fn check_tiktok_settings(
    i: usize,
    t: &TargetSpec,
    platform: Option<&str>,
    ctx: &Context<'_>,
    f: &mut Findings,
) {
    let Some(s) = &t.tiktok_post_settings else {
        return;
    };
    let path = format!("targets[{i}].tiktokPostSettings");
    if platform == Some("instagram") {
        f.warn(
            path,
            "IGNORED",
            "TikTok settings do nothing on an Instagram target",
        );
        return;
    }
    if t.mode == TargetMode::Managed {
        f.warn(
            path,
            "IGNORED",
            "TikTok settings are not applied in managed mode",
        );
        return;
    }
    let video = ctx
        .container
        .is_some_and(|c| c.media_type == MediaType::Video);
    if !video && (s.disable_duet.is_some() || s.disable_stitch.is_some()) {
        f.warn(
            path.clone(),
            "IGNORED",
            "duet and stitch exist only for videos",
        );
    }
    if s.is_branded_content == Some(true) && s.privacy_level == Some(PrivacyLevel::SelfOnly) {
        f.warn(
            format!("{path}.privacyLevel"),
            "BRANDED_CONTENT_PRIVATE",
            "TikTok refuses branded content that only you can see: the post would fail; pick another privacy level",
        );
    }
}

fn check_music(
    i: usize,
    t: &TargetSpec,
    platform: Option<&str>,
    ctx: &Context<'_>,
    f: &mut Findings,
) {
    let Some(m) = &t.tiktok_music else {
        return;
    };
    let path = format!("targets[{i}].tiktokMusic");
    // Every problem is reported, not only the first, so the user can fix them in one go.
    if t.mode == TargetMode::Draft {
        f.error(
            path.clone(),
            "VALIDATION",
            "music cannot be set on a draft: the creator picks the sound on the phone",
        );
    }
    if m.mode == MusicMode::Manual {
        match &m.track_id {
            None => {
                f.error(
                    format!("{path}.trackId"),
                    "VALIDATION",
                    "pick a track for manual music",
                );
            }
            Some(id) if platform == Some("tiktok") => {
                if ctx.music_track_ids.is_some_and(|ids| !ids.contains(id)) {
                    f.error(
                        format!("{path}.trackId"),
                        "VALIDATION",
                        "this track is not in the TikTok music catalog",
                    );
                }
            }
            Some(_) => {}
        }
    }
    if platform == Some("instagram") {
        f.warn(
            path,
            "IGNORED",
            "TikTok music does nothing on an Instagram target",
        );
    } else if m.mode == MusicMode::Manual && t.mode == TargetMode::Publish {
        f.warn(
            path,
            "MUSIC_PLAYS_AS_AUTO",
            "on publish, TikTok plays a manual track as auto music; use managed mode for this exact track",
        );
    }
}

fn check_reel_placement(
    i: usize,
    t: &TargetSpec,
    platform: Option<&str>,
    ctx: &Context<'_>,
    f: &mut Findings,
) {
    if t.share_reel_to_feed.is_none() {
        return;
    }
    let path = format!("targets[{i}].shareReelToFeed");
    if t.mode != TargetMode::Publish {
        f.error(
            path,
            "VALIDATION",
            "Reel placement applies only in publish mode",
        );
    } else if platform.is_some_and(|p| p != "instagram") {
        f.error(
            path,
            "VALIDATION",
            "Reel placement applies only to Instagram targets",
        );
    } else if ctx
        .container
        .is_some_and(|c| c.media_type != MediaType::Video)
    {
        f.error(
            path,
            "VALIDATION",
            "Reel placement applies only to video containers",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_length_counts_utf16_units_never_fewer_than_characters() {
        assert_eq!(text_len("abc"), 3);
        assert_eq!(text_len("😀😀"), 4);
        assert_eq!(text_len("é"), 1);
        let emoji = "😀".repeat(2001);
        assert!(
            emoji.chars().count() <= MAX_OVERRIDE_CHARS && text_len(&emoji) > MAX_OVERRIDE_CHARS
        );
    }

    fn container(media: MediaType, status: &str, approval: &str) -> Container {
        Container {
            id: "cnt_1".into(),
            status: status.into(),
            approval_status: approval.into(),
            media_type: media,
            caption: None,
            first_comment: None,
            thumbnail_url: None,
            video_url: None,
            media: Vec::new(),
            uploaded: false,
            created_at: String::new(),
        }
    }

    fn account(id: &str, platform: &str, status: &str) -> Account {
        Account {
            social_account_id: id.into(),
            platform: platform.into(),
            handle: id.into(),
            avatar_url: None,
            status: status.into(),
            leased: false,
            connected_at: None,
            token_expires_at: None,
            monthly_price_cents: None,
        }
    }

    fn accounts() -> Vec<Account> {
        vec![
            account("sa_tt", "tiktok", "connected"),
            account("sa_ig", "instagram", "connected"),
            account("sa_re", "tiktok", "reauth_required"),
        ]
    }

    fn draft(targets: Vec<TargetSpec>) -> PlanDraft {
        PlanDraft {
            container_id: "cnt_1".into(),
            action: PlanAction::Publish,
            targets,
            scheduled_for: None,
            time_zone: None,
        }
    }

    fn run(plan: &PlanDraft, c: &Container) -> Vec<Issue> {
        let accounts = accounts();
        check(
            plan,
            &Context {
                container: Some(c),
                accounts: &accounts,
                music_track_ids: Some(&["trk_1".to_string()]),
                now: "2026-06-01T12:00:00Z".parse().unwrap(),
            },
        )
    }

    fn errors(issues: &[Issue]) -> Vec<(String, String)> {
        issues
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .map(|i| (i.path.clone(), i.code.clone()))
            .collect()
    }

    fn video() -> Container {
        container(MediaType::Video, "completed", "not_required")
    }

    #[test]
    fn a_plain_publish_is_clean() {
        assert!(run(&draft(vec![TargetSpec::publish("sa_tt")]), &video()).is_empty());
    }

    #[test]
    fn target_count_is_one_to_fifty() {
        assert_eq!(
            errors(&run(&draft(vec![]), &video())),
            vec![("targets".into(), "VALIDATION".into())]
        );
        let many = (0..51).map(|_| TargetSpec::publish("sa_tt")).collect();
        assert!(
            errors(&run(&draft(many), &video())).contains(&("targets".into(), "VALIDATION".into()))
        );
    }

    #[test]
    fn overrides_are_limited_to_4000_characters() {
        let mut t = TargetSpec::publish("sa_tt");
        t.caption_override = Some("é".repeat(4000));
        assert!(errors(&run(&draft(vec![t.clone()]), &video())).is_empty());
        t.caption_override = Some("é".repeat(4001));
        t.first_comment_override = Some("x".repeat(4001));
        assert_eq!(
            errors(&run(&draft(vec![t]), &video())),
            vec![
                ("targets[0].captionOverride".into(), "VALIDATION".into()),
                (
                    "targets[0].firstCommentOverride".into(),
                    "VALIDATION".into()
                ),
            ]
        );
    }

    #[test]
    fn music_on_a_draft_is_an_error_and_manual_on_publish_a_warning() {
        let mut t = TargetSpec::publish("sa_tt");
        t.mode = TargetMode::Draft;
        t.tiktok_music = Some(TiktokMusic {
            mode: MusicMode::Auto,
            track_id: None,
        });
        assert_eq!(
            errors(&run(&draft(vec![t.clone()]), &video()))[0].0,
            "targets[0].tiktokMusic"
        );
        t.mode = TargetMode::Publish;
        t.tiktok_music = Some(TiktokMusic {
            mode: MusicMode::Manual,
            track_id: Some("trk_1".into()),
        });
        let issues = run(&draft(vec![t.clone()]), &video());
        assert!(errors(&issues).is_empty());
        assert_eq!(issues[0].code, "MUSIC_PLAYS_AS_AUTO");
        t.tiktok_music = Some(TiktokMusic {
            mode: MusicMode::Manual,
            track_id: Some("nope".into()),
        });
        assert_eq!(
            errors(&run(&draft(vec![t]), &video()))[0].0,
            "targets[0].tiktokMusic.trackId"
        );
    }

    #[test]
    fn reel_placement_only_on_instagram_video_publish_targets() {
        let mut ig = TargetSpec::publish("sa_ig");
        ig.share_reel_to_feed = Some(false);
        assert!(errors(&run(&draft(vec![ig.clone()]), &video())).is_empty());
        let image = container(MediaType::Image, "completed", "not_required");
        assert_eq!(
            errors(&run(&draft(vec![ig.clone()]), &image))[0].0,
            "targets[0].shareReelToFeed"
        );
        let mut tt = TargetSpec::publish("sa_tt");
        tt.share_reel_to_feed = Some(true);
        assert_eq!(
            errors(&run(&draft(vec![tt]), &video()))[0].0,
            "targets[0].shareReelToFeed"
        );
        ig.mode = TargetMode::Draft;
        assert_eq!(
            errors(&run(&draft(vec![ig]), &video()))[0].0,
            "targets[0].shareReelToFeed"
        );
    }

    #[test]
    fn tiktok_settings_on_instagram_are_a_warning_not_an_error() {
        let mut ig = TargetSpec::publish("sa_ig");
        ig.tiktok_post_settings = Some(TiktokPostSettings::default());
        let issues = run(&draft(vec![ig]), &video());
        assert!(errors(&issues).is_empty());
        assert_eq!(issues[0].code, "IGNORED");
    }

    #[test]
    fn branded_content_that_only_the_creator_sees_is_warned_about() {
        let mut t = TargetSpec::publish("sa_tt");
        t.tiktok_post_settings = Some(TiktokPostSettings {
            privacy_level: Some(PrivacyLevel::SelfOnly),
            is_branded_content: Some(true),
            ..TiktokPostSettings::default()
        });
        let issues = run(&draft(vec![t]), &video());
        assert_eq!(issues[0].code, "BRANDED_CONTENT_PRIVATE");
        assert_eq!(issues[0].severity, Severity::Warning);
    }

    #[test]
    fn container_state_and_accounts_are_checked() {
        let processing = container(MediaType::Video, "processing", "not_required");
        assert_eq!(
            errors(&run(
                &draft(vec![TargetSpec::publish("sa_tt")]),
                &processing
            ))[0]
                .1,
            "CONFLICT"
        );
        let rejected = container(MediaType::Video, "completed", "rejected");
        assert_eq!(
            errors(&run(&draft(vec![TargetSpec::publish("sa_tt")]), &rejected))[0].1,
            "CONTENT_REJECTED"
        );
        assert_eq!(
            errors(&run(&draft(vec![TargetSpec::publish("sa_re")]), &video()))[0].1,
            "SOCIAL_ACCOUNT_NOT_PUBLISH_READY"
        );
        assert_eq!(
            errors(&run(&draft(vec![TargetSpec::publish("sa_zz")]), &video()))[0].1,
            "NOT_FOUND"
        );
    }

    #[test]
    fn a_schedule_needs_a_future_time_and_a_zone() {
        let mut plan = draft(vec![TargetSpec::publish("sa_tt")]);
        plan.action = PlanAction::Schedule;
        assert_eq!(errors(&run(&plan, &video()))[0].0, "scheduledFor");
        plan.scheduled_for = Some("2026-06-01T14:30".into());
        assert_eq!(errors(&run(&plan, &video()))[0].0, "timeZone");
        plan.time_zone = Some("Europe/Paris".into());
        assert!(
            errors(&run(&plan, &video())).is_empty(),
            "14:30 Paris is 12:30 UTC, after now"
        );
        plan.scheduled_for = Some("2026-06-01T13:59".into());
        assert_eq!(
            errors(&run(&plan, &video()))[0].0,
            "scheduledFor",
            "11:59 UTC is past"
        );
    }

    #[test]
    fn a_caption_too_long_for_one_network_warns_on_that_target_only() {
        let mut c = container(MediaType::Video, "completed", "not_required");
        c.caption = Some("x".repeat(2300));
        let plan = draft(vec![TargetSpec::publish("sa_ig"), {
            let mut t = TargetSpec::publish("sa_tt");
            t.caption_override = Some("short for TikTok".into());
            t
        }]);
        let warned: Vec<(String, String)> = run(&plan, &c)
            .into_iter()
            .filter(|i| i.severity == Severity::Warning)
            .map(|i| (i.path, i.code))
            .collect();
        assert_eq!(
            warned,
            [(
                "targets[0].captionOverride".to_string(),
                "CAPTION_TOO_LONG_FOR_PLATFORM".to_string()
            )]
        );
    }
}
