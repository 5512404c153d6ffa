//! The queue and its history as a sheet an import reads back: the import's columns (from
//! each plan's draft, times as wall clock in the plan's zone), then the plan id and, per
//! target in the order of `accounts`, its status, post link and last error.

use super::{COLUMNS, EXPORT_COLUMNS, LIST_SEPARATOR};
use crate::model::{MusicMode, PlanDraft, PlanSummary, TargetMode};

/// One plan to write: its summary (statuses, links) and the draft it was made from.
pub struct ExportedPlan<'a> {
    pub summary: &'a PlanSummary,
    pub draft: &'a PlanDraft,
}

fn joined(values: Vec<String>) -> String {
    values.join(&LIST_SEPARATOR.to_string())
}

fn word<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// `date`, `time`, `time_zone` of a schedule: its instant on the wall clock of its zone.
fn wall_clock(summary: &PlanSummary) -> [String; 3] {
    let (Some(at), Some(zone)) = (&summary.scheduled_for, &summary.time_zone) else {
        return Default::default();
    };
    let (Ok(at), Ok(tz)) = (
        chrono::DateTime::parse_from_rfc3339(at),
        crate::schedule_time::parse_zone(zone),
    ) else {
        return Default::default();
    };
    let local = at.with_timezone(&tz);
    [
        local.format("%Y-%m-%d").to_string(),
        local.format("%H:%M").to_string(),
        zone.clone(),
    ]
}

fn row(plan: &ExportedPlan<'_>) -> Vec<String> {
    let (s, d) = (plan.summary, plan.draft);
    let first = d.targets.first();
    let handle = |id: &str| {
        s.targets
            .iter()
            .find(|t| t.social_account_id == id)
            .and_then(|t| t.handle.as_deref())
            .map_or(id.to_string(), |h| {
                format!("@{}", h.trim_start_matches('@'))
            })
    };
    let tiktok = d.targets.iter().find(|t| t.tiktok_post_settings.is_some());
    let music = d.targets.iter().find_map(|t| t.tiktok_music.as_ref());
    let reel = d.targets.iter().find_map(|t| t.share_reel_to_feed);
    let [date, time, zone] = wall_clock(s);
    // One value per target, in the order of `accounts`.
    let by_target = |f: &dyn Fn(&crate::model::TargetView) -> String| {
        joined(
            d.targets
                .iter()
                .map(|t| {
                    s.targets
                        .iter()
                        .find(|v| v.social_account_id == t.social_account_id)
                        .map_or(String::new(), f)
                })
                .collect(),
        )
    };
    let mut out = vec![
        d.container_id.clone(),
        String::new(),
        first
            .and_then(|t| t.caption_override.clone())
            .unwrap_or_default(),
        joined(
            d.targets
                .iter()
                .map(|t| handle(&t.social_account_id))
                .collect(),
        ),
        first
            .map_or(TargetMode::Publish, |t| t.mode)
            .as_str()
            .to_string(),
        date,
        time,
        zone,
        first
            .and_then(|t| t.first_comment_override.clone())
            .unwrap_or_default(),
        tiktok
            .and_then(|t| t.tiktok_post_settings.as_ref())
            .and_then(|p| p.privacy_level)
            .map(|p| word(&p))
            .unwrap_or_default(),
        match music {
            None => String::new(),
            Some(m) => match m.mode {
                MusicMode::None => "none".into(),
                MusicMode::Auto => "auto".into(),
                MusicMode::Manual => m.track_id.clone().unwrap_or_default(),
            },
        },
        reel.map_or(String::new(), |r| if r { "yes" } else { "no" }.into()),
    ];
    out.push(s.id.clone());
    out.push(by_target(&|v| {
        v.remote_status
            .as_ref()
            .map_or_else(|| s.state.as_str().to_string(), word)
    }));
    out.push(by_target(&|v| v.external_url.clone().unwrap_or_default()));
    out.push(by_target(&|v| v.last_error.clone().unwrap_or_default()));
    out
}

/// The sheet's bytes: a header, then a row per plan.
pub fn write(plans: &[ExportedPlan<'_>]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header: Vec<&str> = COLUMNS.iter().chain(EXPORT_COLUMNS).copied().collect();
    // Writing to memory fails only on a bug in the rows' shape, which the test below keeps.
    w.write_record(&header).expect("header");
    for p in plans {
        w.write_record(row(p)).expect("row");
    }
    w.into_inner().expect("flushed to memory")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PlanAction, PlanState, TargetSpec, TargetView};
    use crate::plan_csv::sheet;

    #[test]
    fn a_scheduled_plan_reads_back_with_its_wall_clock_and_statuses() {
        let target = |id: &str, handle: &str, url: Option<&str>| TargetView {
            scheduled_post_id: format!("sp_{id}"),
            remote_post_id: None,
            social_account_id: id.into(),
            handle: Some(handle.into()),
            platform: None,
            mode: "publish".into(),
            remote_status: None,
            external_url: url.map(str::to_string),
            last_error: None,
            scheduled_for: None,
            moving_to: None,
        };
        let summary = PlanSummary {
            id: "plan_1".into(),
            container_id: "cnt_1".into(),
            container_caption: None,
            action: "schedule".into(),
            // 07:30 UTC is 09:30 in Paris in summer time.
            scheduled_for: Some("2027-03-28T07:30:00Z".into()),
            time_zone: Some("Europe/Paris".into()),
            state: PlanState::Accepted,
            created_at: "2027-01-01T00:00:00Z".into(),
            attempts: 1,
            send_after: None,
            last_error: None,
            targets: vec![
                target("sa_a", "maya", Some("https://x/1")),
                target("sa_b", "@glow", None),
            ],
            offers: vec![],
        };
        let spec = |id: &str| TargetSpec {
            caption_override: Some("Hi, \"you\"\nthere".into()),
            ..TargetSpec::publish(id)
        };
        let draft = PlanDraft {
            container_id: "cnt_1".into(),
            action: PlanAction::Schedule,
            targets: vec![spec("sa_a"), spec("sa_b")],
            scheduled_for: Some("2027-03-28T09:30".into()),
            time_zone: Some("Europe/Paris".into()),
        };
        let bytes = write(&[ExportedPlan {
            summary: &summary,
            draft: &draft,
        }]);
        let back = sheet::read(&bytes).unwrap();
        assert!(back.unknown_columns.is_empty());
        let r = &back.rows[0];
        assert_eq!(r.get("accounts"), "@maya|@glow");
        assert_eq!(
            (r.get("date"), r.get("time"), r.get("time_zone")),
            ("2027-03-28", "09:30", "Europe/Paris")
        );
        assert_eq!(r.get("caption"), "Hi, \"you\"\nthere");
        assert_eq!(r.get("mode"), "publish");
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            text.contains("plan_1,accepted|accepted,https://x/1|,|"),
            "{text}"
        );
    }
}
