//! Fuzzing the plan-file parser and the rules behind it: any text is either a plan or an
//! error naming a field and a rule, and a parsed plan always gets a verdict, never a panic.
//!
//! `tests/corpus/plan-files/` is the seed corpus and regression set: add a file for every
//! input that once broke something. proptest saves its own failures under
//! `proptest-regressions/`; commit those too.

use std::path::PathBuf;

use layers_core::model::{Account, Container, MediaType, PlanDraft, Severity};
use layers_core::rules::{self, Context};
use layers_core::DeskError;
use proptest::prelude::*;
use serde_json::Value;

use crate::plan_file::parse;

fn corpus() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/plan-files");
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let bytes = std::fs::read(&p).unwrap();
            (
                p.file_name().unwrap().to_string_lossy().to_string(),
                String::from_utf8_lossy(&bytes).to_string(),
            )
        })
        .collect();
    out.sort();
    assert!(out.len() >= 8, "the corpus in {} is missing", dir.display());
    out
}

fn container() -> Container {
    Container {
        id: "cnt_1".into(),
        status: "completed".into(),
        approval_status: "approved".into(),
        media_type: MediaType::Video,
        caption: Some("c".into()),
        first_comment: None,
        thumbnail_url: None,
        video_url: None,
        media: vec![],
        uploaded: false,
        created_at: "2026-11-20T10:00:00.000Z".into(),
    }
}

/// Parses `text`; a plan is checked by the rules, an error must name a field and a rule.
fn parse_and_check(text: &str) -> Result<PlanDraft, (String, String)> {
    match parse(text) {
        Ok(draft) => {
            let c = container();
            let accounts: Vec<Account> = vec![];
            let issues = rules::check(
                &draft,
                &Context {
                    container: Some(&c),
                    accounts: &accounts,
                    music_track_ids: Some(&["t1".to_string()]),
                    now: chrono::Utc::now(),
                },
            );
            for i in &issues {
                assert!(!i.path.is_empty() && !i.message.is_empty(), "{i:?}");
            }
            // No account is known, so every plan with a target has an error to show.
            if !draft.targets.is_empty() {
                assert!(issues.iter().any(|i| i.severity == Severity::Error));
            }
            Ok(draft)
        }
        Err(DeskError::Invalid { field, rule }) => {
            assert!(!field.is_empty(), "an error without a field for {text:?}");
            assert!(!rule.is_empty(), "an error without a rule for {text:?}");
            Err((field, rule))
        }
        Err(other) => panic!("the parser gave a non-field error {other:?}"),
    }
}

#[test]
fn every_corpus_file_and_every_truncation_of_it_parses_or_names_a_field() {
    let mut valid = 0;
    for (name, text) in corpus() {
        let result = parse_and_check(&text);
        if name.ends_with("-valid.json") {
            assert!(result.is_ok(), "{name}: {result:?}");
            valid += 1;
        }
        for (cut, _) in text.char_indices() {
            let _ = parse_and_check(&text[..cut]);
        }
    }
    assert!(valid >= 2);
}

#[test]
fn corpus_errors_name_the_right_field() {
    let field_of = |name: &str| {
        let (_, text) = corpus().into_iter().find(|(n, _)| n == name).unwrap();
        parse_and_check(&text).unwrap_err().0
    };
    assert_eq!(field_of("wrong-types.json"), "containerId");
    assert_eq!(field_of("unknown-field.json"), "priority");
    assert_eq!(field_of("truncated.json"), "targets[0].mode");
    assert_eq!(field_of("empty.json"), "file");
    // Editors on Windows save JSON with a byte-order mark; it is not an error.
    let (_, bom) = corpus().into_iter().find(|(n, _)| n == "bom.json").unwrap();
    assert!(parse_and_check(&bom).is_ok());
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("2026-13-45T25:61".to_string()),
        Just("America/New_York".to_string()),
        "[a-z_]{0,12}",
        "[0-9T:-]{0,20}",
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        text().prop_map(Value::String),
        prop::sample::select(&["publish", "schedule", "draft", "managed", "auto", "manual"][..])
            .prop_map(|s| Value::String(s.to_string())),
    ];
    leaf.prop_recursive(3, 32, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec(("[a-zA-Z]{0,16}", inner), 0..5)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

fn replace_nth(v: &mut Value, n: &mut usize, with: &Value) -> bool {
    if *n == 0 {
        *v = with.clone();
        return true;
    }
    *n -= 1;
    match v {
        Value::Array(a) => a.iter_mut().any(|x| replace_nth(x, n, with)),
        Value::Object(o) => o.values_mut().any(|x| replace_nth(x, n, with)),
        _ => false,
    }
}

proptest! {
    #[test]
    fn any_text_parses_or_names_a_field(t in any::<String>()) {
        let _ = parse_and_check(&t);
    }

    #[test]
    fn a_valid_plan_with_one_value_replaced_parses_or_names_a_field(
        valid in prop::sample::select(&["publish-valid.json", "schedule-valid.json"][..]),
        node in 0usize..32,
        with in json_value(),
    ) {
        let (_, text) = corpus().into_iter().find(|(n, _)| n == valid).unwrap();
        let mut v: Value = serde_json::from_str(&text).unwrap();
        let mut n = node;
        replace_nth(&mut v, &mut n, &with);
        let _ = parse_and_check(&v.to_string());
    }
}
