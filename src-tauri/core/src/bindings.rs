//! The TypeScript twins of `model`, written to `ui/src/lib/bindings.ts`. A test fails when
//! the committed file is stale; `UPDATE_BINDINGS=1 cargo test -p layers-core bindings`
//! rewrites it.

use ts_rs::TS;

use crate::model::*;

/// The whole bindings file, types in a fixed order.
pub fn render() -> String {
    let cfg = ts_rs::Config::default();
    let decls = [
        AppStatus::decl(&cfg),
        ConnectionInfo::decl(&cfg),
        Container::decl(&cfg),
        MediaItem::decl(&cfg),
        MediaType::decl(&cfg),
        Account::decl(&cfg),
        PlanState::decl(&cfg),
        PlanSummary::decl(&cfg),
        TargetView::decl(&cfg),
        PlanCursor::decl(&cfg),
        PlanPage::decl(&cfg),
        PlanKind::decl(&cfg),
        ErrorInfo::decl(&cfg),
        TimelineEvent::decl(&cfg),
        IpcError::decl(&cfg),
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
    ];
    let mut out = String::from(
        "// Generated from Rust by ts-rs (src-tauri/core/src/bindings.rs). Do not edit.\n",
    );
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    fn bindings_file_is_up_to_date() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings.ts");
        let fresh = super::render();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &fresh).unwrap();
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "ui/src/lib/bindings.ts is stale: run UPDATE_BINDINGS=1 cargo test -p layers-core bindings"
        );
    }
}
