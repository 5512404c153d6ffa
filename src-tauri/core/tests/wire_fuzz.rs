//! Fuzzing what the app reads from the API: every answer body, valid, truncated, mutated or
//! arbitrary, either decodes or fails with an error, and what decodes goes into the cache and
//! back out without a panic.
//!
//! `tests/corpus/responses/` is the seed corpus and regression set: each file is an answer
//! once found worth keeping (valid samples, hostile strings, wrong types, non-JSON). A
//! failure found by proptest is also saved in `wire_fuzz.proptest-regressions`; commit it.

use std::collections::HashSet;
use std::path::PathBuf;

use layers_core::api::wire::*;
use layers_core::store::Store;
use proptest::prelude::*;
use serde_json::Value;

fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/responses");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(
        files.len() >= 10,
        "the corpus in {} is missing",
        dir.display()
    );
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

/// Decodes `bytes` as every answer the client reads and pushes what decodes through the
/// code that consumes it. Returns how many shapes accepted the bytes.
fn read_everything(bytes: &[u8]) -> usize {
    let mut accepted = 0;
    if serde_json::from_slice::<WhoAmI>(bytes).is_ok() {
        accepted += 1;
    }
    if serde_json::from_slice::<Page<Project>>(bytes).is_ok() {
        accepted += 1;
    }
    if let Ok(page) = serde_json::from_slice::<Page<ContainerWire>>(bytes) {
        accepted += 1;
        let store = Store::open_in_memory().unwrap();
        store
            .replace_containers("prj_1", &page.items, true)
            .unwrap();
        let distinct: HashSet<&str> = page.items.iter().map(|c| c.id.as_str()).collect();
        let back = store.containers("prj_1").unwrap();
        assert_eq!(back.len(), distinct.len());
        for c in &back {
            let wire = page.items.iter().rev().find(|w| w.id == c.id).unwrap();
            assert_eq!(
                c.caption, wire.caption,
                "captions are kept as the API sent them"
            );
        }
    }
    if let Ok(page) = serde_json::from_slice::<Page<AccountWire>>(bytes) {
        accepted += 1;
        let store = Store::open_in_memory().unwrap();
        store.replace_accounts("prj_1", &page.items, true).unwrap();
        let distinct: HashSet<&str> = page
            .items
            .iter()
            .map(|a| a.social_account_id.as_str())
            .collect();
        assert_eq!(store.accounts("prj_1").unwrap().len(), distinct.len());
    }
    if let Ok(post) = serde_json::from_slice::<ScheduledPost>(bytes) {
        accepted += 1;
        if let Some(e) = post.last_error {
            assert!(!e.describe().is_empty());
        }
    }
    if serde_json::from_slice::<Page<ScheduledPost>>(bytes).is_ok() {
        accepted += 1;
    }
    if serde_json::from_slice::<PlanAccepted>(bytes).is_ok() {
        accepted += 1;
    }
    if serde_json::from_slice::<MusicCatalog>(bytes).is_ok() {
        accepted += 1;
    }
    if serde_json::from_slice::<NotifyDeviceSent>(bytes).is_ok() {
        accepted += 1;
    }
    accepted
}

#[test]
fn every_corpus_answer_and_every_truncation_of_it_is_read_or_refused() {
    let mut valid_read = 0;
    for (name, bytes) in corpus() {
        let accepted = read_everything(&bytes);
        if name.ends_with("-valid.json") {
            assert!(accepted > 0, "{name} is valid but nothing read it");
            valid_read += 1;
        }
        for cut in 0..bytes.len() {
            read_everything(&bytes[..cut]);
        }
    }
    assert!(valid_read >= 5);
}

#[test]
fn hostile_strings_survive_the_cache_unchanged() {
    let (_, bytes) = corpus()
        .into_iter()
        .find(|(n, _)| n == "container-page-hostile.json")
        .unwrap();
    let page: Page<ContainerWire> = serde_json::from_slice(&bytes).unwrap();
    let store = Store::open_in_memory().unwrap();
    store
        .replace_containers("prj_1", &page.items, true)
        .unwrap();
    let back = store.containers("prj_1").unwrap();
    let hostile = back.iter().find(|c| c.id.starts_with("cnt_<img")).unwrap();
    assert_eq!(
        hostile.caption.as_deref(),
        Some("<img src=x onerror=alert(1)>")
    );
    // Two rows with the same id count once.
    assert_eq!(back.len(), 2);
}

const KEYS: &[&str] = &[
    "id",
    "items",
    "nextCursor",
    "status",
    "organizationId",
    "scopes",
    "caption",
    "preview",
    "kind",
    "videoUrl",
    "assets",
    "url",
    "socialAccountId",
    "platform",
    "handle",
    "leased",
    "scheduledPostIds",
    "gateStatus",
    "lastError",
    "code",
    "message",
    "tracks",
    "title",
    "duration",
    "externalUrl",
    "mediaCount",
    "approvalStatus",
    "createdAt",
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("javascript:alert(1)".to_string()),
        Just("\u{0}\u{202e}\u{feff}".to_string()),
        "[a-z_]{0,12}",
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON numbers are finite", |f| f.is_finite())
            .prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![prop::sample::select(KEYS).prop_map(str::to_string), text()],
                    inner
                ),
                0..8
            )
            .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Replaces the `n`th node (depth first, modulo the node count) of `v` with `with`.
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

fn valid_samples() -> Vec<Value> {
    corpus()
        .into_iter()
        .filter(|(n, _)| n.ends_with("-valid.json"))
        .map(|(_, b)| serde_json::from_slice(&b).unwrap())
        .collect()
}

proptest! {
    #[test]
    fn arbitrary_json_is_read_or_refused(v in json_value()) {
        read_everything(&serde_json::to_vec(&v).unwrap());
    }

    #[test]
    fn arbitrary_bytes_are_read_or_refused(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        read_everything(&bytes);
    }

    #[test]
    fn a_valid_answer_with_one_node_replaced_is_read_or_refused(
        which in any::<prop::sample::Index>(),
        node in any::<usize>(),
        with in json_value(),
    ) {
        let samples = valid_samples();
        let mut v = samples[which.index(samples.len())].clone();
        let mut n = node % 64;
        replace_nth(&mut v, &mut n, &with);
        read_everything(&serde_json::to_vec(&v).unwrap());
    }
}
