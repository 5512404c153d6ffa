//! Reading a plan file: the API's publish or schedule body plus `containerId`, `action` and,
//! for schedules, `scheduledFor` with its `timeZone`. Errors name the field that is wrong.

use std::io::Read;

use layers_core::model::PlanDraft;
use layers_core::DeskError;

/// Reads `path` (or standard input for `-`) and parses it as a plan.
pub fn read(path: &str) -> Result<PlanDraft, DeskError> {
    let text = if path == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| DeskError::invalid("file", format!("cannot read standard input: {e}")))?;
        s
    } else {
        std::fs::read_to_string(path)
            .map_err(|e| DeskError::invalid("file", format!("cannot read {path}: {e}")))?
    };
    parse(&text)
}

pub fn parse(text: &str) -> Result<PlanDraft, DeskError> {
    // A byte-order mark (Notepad adds one) is not part of the JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut de = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        // The root, or a key with no name (`{"": 1}`): the file itself is at fault.
        let field = if path == "." || path.is_empty() {
            "file".to_string()
        } else {
            path
        };
        DeskError::invalid(&field, e.inner().to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(text: &str) -> String {
        match parse(text) {
            Err(DeskError::Invalid { field, .. }) => field,
            other => panic!("expected an invalid-field error, got {other:?}"),
        }
    }

    #[test]
    fn a_full_plan_file_parses() {
        let plan = parse(
            r#"{"containerId":"cnt_1","action":"schedule","scheduledFor":"2026-12-01T09:30",
                "timeZone":"Europe/Paris","targets":[{"socialAccountId":"sa_1","mode":"publish",
                "tiktokMusic":{"mode":"manual","trackId":"t1"},"shareReelToFeed":false}]}"#,
        )
        .unwrap();
        assert_eq!(plan.targets.len(), 1);
        assert_eq!(plan.time_zone.as_deref(), Some("Europe/Paris"));
    }

    #[test]
    fn errors_name_the_field() {
        assert_eq!(
            field_of(
                r#"{"containerId":"c","action":"publish","targets":[{"socialAccountId":"s","mode":"blast"}]}"#
            ),
            "targets[0].mode"
        );
        assert_eq!(
            field_of(r#"{"containerId":"c","action":"later","targets":[]}"#),
            "action"
        );
        assert_eq!(
            field_of(
                r#"{"containerId":"c","action":"publish","targets":[{"socialAccountId":"s","mode":"publish","colour":1}]}"#
            ),
            "targets[0].colour"
        );
        assert_eq!(field_of("not json"), "file");
        assert_eq!(field_of(r#"{"action":"publish","targets":[]}"#), "file");
    }
}
