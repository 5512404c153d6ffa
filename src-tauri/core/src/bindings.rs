//! The TypeScript twins of `model`, written to `ui/src/lib/bindings.ts`. A test fails when
//! the committed file is stale; `UPDATE_BINDINGS=1 cargo test -p layers-core bindings`
//! rewrites it.

use ts_rs::TS;

use crate::error_code::ErrorCode;
use crate::model::*;
use crate::plan_machine::PlanOffer;
use crate::rules;

/// How the twins are spelled; the app's command contract uses the same.
pub fn config() -> ts_rs::Config {
    ts_rs::Config::default().with_large_int("number")
}

/// The whole bindings file, types in a fixed order.
pub fn render() -> String {
    // serde_json writes 64-bit integers as JSON numbers, so the UI reads numbers, not the
    // `bigint` ts-rs assumes.
    let cfg = config();
    let decls = [
        AppStatus::decl(&cfg),
        ConnectionInfo::decl(&cfg),
        ProjectView::decl(&cfg),
        NeedsYou::decl(&cfg),
        Container::decl(&cfg),
        MediaItem::decl(&cfg),
        MediaType::decl(&cfg),
        ContainerStatus::decl(&cfg),
        ApprovalStatus::decl(&cfg),
        AccountStatus::decl(&cfg),
        PostStatus::decl(&cfg),
        EventKind::decl(&cfg),
        Account::decl(&cfg),
        PlanState::decl(&cfg),
        PlanSummary::decl(&cfg),
        TeamPost::decl(&cfg),
        CalendarRange::decl(&cfg),
        PlanOffer::decl(&cfg),
        TargetView::decl(&cfg),
        PlanCursor::decl(&cfg),
        PlanPage::decl(&cfg),
        PlanKind::decl(&cfg),
        ErrorInfo::decl(&cfg),
        TimelineEvent::decl(&cfg),
        IpcError::decl(&cfg),
        ErrorCode::decl(&cfg),
        ChangeEvent::decl(&cfg),
        ChangeTopic::decl(&cfg),
        TargetMode::decl(&cfg),
        PrivacyLevel::decl(&cfg),
        TiktokPostSettings::decl(&cfg),
        MusicMode::decl(&cfg),
        TiktokMusic::decl(&cfg),
        TargetSpec::decl(&cfg),
        PlanAction::decl(&cfg),
        PlanDraft::decl(&cfg),
        Severity::decl(&cfg),
        Issue::decl(&cfg),
        MusicTrack::decl(&cfg),
        HandoffPreview::decl(&cfg),
        HandoffSent::decl(&cfg),
        OAuthStart::decl(&cfg),
        OAuthReturn::decl(&cfg),
        OAuthPhase::decl(&cfg),
        OAuthProgress::decl(&cfg),
        RevokeOutcome::decl(&cfg),
        LeaseRequestInput::decl(&cfg),
        LeaseRequestView::decl(&cfg),
        ReviewPolicyKind::decl(&cfg),
        ReviewPolicy::decl(&cfg),
        AboutInfo::decl(&cfg),
        StartupProblemKind::decl(&cfg),
        StartupProblem::decl(&cfg),
        FreshStart::decl(&cfg),
        PlaceView::decl(&cfg),
        Place::decl(&cfg),
        crate::media_rules::Grouping::decl(&cfg),
        crate::media_rules::MediaKind::decl(&cfg),
        UploadState::decl(&cfg),
        UploadView::decl(&cfg),
        ImportRowStatus::decl(&cfg),
        ImportRow::decl(&cfg),
        ImportReport::decl(&cfg),
        UploadFileView::decl(&cfg),
        PickedFile::decl(&cfg),
        DroppedFiles::decl(&cfg),
        PickedSheet::decl(&cfg),
        DropHover::decl(&cfg),
        UploadRequest::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from Rust by ts-rs (src-tauri/core/src/bindings.rs). Do not edit.\n",
    );
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push('\n');
    }
    // The rule limits the UI needs for instant feedback; the rules themselves stay in core.
    for (name, value) in [
        ("MAX_TARGETS", rules::MAX_TARGETS as i64),
        ("MAX_OVERRIDE_CHARS", rules::MAX_OVERRIDE_CHARS as i64),
        ("MIN_LEAD_SECONDS", rules::MIN_LEAD_SECONDS),
        (
            "MAX_UPLOAD_CAPTION_CHARS",
            crate::media_rules::MAX_UPLOAD_CAPTION_CHARS as i64,
        ),
        (
            "MAX_UPLOAD_FILES",
            crate::media_rules::MAX_UPLOAD_FILES as i64,
        ),
        (
            "MAX_IMPORT_URLS",
            crate::media_rules::MAX_IMPORT_URLS as i64,
        ),
    ] {
        out.push_str(&format!("export const {name} = {value};\n"));
    }
    // Every code, so what arrives over IPC can be checked at run time.
    let codes: Vec<String> = <ErrorCode as strum::VariantArray>::VARIANTS
        .iter()
        .map(|c| format!("'{}'", c.as_str()))
        .collect();
    out.push_str(&format!(
        "export const ERROR_CODES: readonly ErrorCode[] = [{}];\n",
        codes.join(", ")
    ));
    out
}

/// What core offers for a plan in each state, never tried and tried (`plan_machine::offers`),
/// as JSON for the UI tests' fixtures: `{state: {unsent: [...], tried: [...]}}`. The
/// fixtures read it instead of keeping their own copy of the table.
pub fn render_offers() -> String {
    let mut map = serde_json::Map::new();
    for state in PlanState::ALL {
        map.insert(
            state.as_str().to_string(),
            serde_json::json!({
                "unsent": crate::plan_machine::offers(state, 0),
                "tried": crate::plan_machine::offers(state, 1),
            }),
        );
    }
    serde_json::to_string_pretty(&serde_json::Value::Object(map)).expect("plain JSON") + "\n"
}

/// Compares a generated file with what the code generates now: Ok when equal; rewritten
/// (and Ok) when `UPDATE_BINDINGS` is set; otherwise an error saying how to regenerate it.
/// Used by every generated file of the IPC contract.
pub fn keep_in_step(path: &std::path::Path, fresh: &str, regenerate: &str) -> Result<(), String> {
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        return std::fs::write(path, fresh).map_err(|e| format!("{}: {e}", path.display()));
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    if committed == fresh {
        Ok(())
    } else {
        Err(format!(
            "{} is stale: run UPDATE_BINDINGS=1 {regenerate}",
            path.display()
        ))
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    const REGENERATE: &str = "cargo test -p layers-core bindings";

    fn ui(path: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../ui")
            .join(path)
    }

    #[test]
    fn offers_file_is_up_to_date() {
        let path = ui("src/test/plan_offers.generated.json");
        super::keep_in_step(&path, &super::render_offers(), REGENERATE).unwrap();
    }

    #[test]
    fn bindings_file_is_up_to_date() {
        super::keep_in_step(&ui("src/lib/bindings.ts"), &super::render(), REGENERATE).unwrap();
    }
}
