//! Takes secrets out of text that came from elsewhere (a server's error message, a body that
//! failed to parse), before it is stored, logged or shown. A server that echoes the request
//! back must not get the key written into the queue's history.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

/// What a redacted secret reads as.
pub const REDACTED: &str = "<redacted>";

/// Layers keys (`lp_<env>_<id>_<secret>`, whatever the env), PostEverywhere keys
/// (`pe_live_…`) and bearer tokens.
static SECRET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:lp|pe)_[a-z0-9]+_[a-z0-9_\-]+|\bbearer\s+[a-z0-9._~+/=_\-]+")
        .expect("the pattern is valid")
});

/// `text` with every key and bearer token replaced by `<redacted>`.
pub fn secrets(text: &str) -> Cow<'_, str> {
    SECRET.replace_all(text, REDACTED)
}

/// The same for every string in a JSON value (keys of objects included).
pub fn json_secrets(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::String(s) => Value::String(secrets(&s).into_owned()),
        Value::Array(items) => Value::Array(items.into_iter().map(json_secrets).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (secrets(&k).into_owned(), json_secrets(v)))
                .collect(),
        ),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_bearer_tokens_are_replaced_and_the_rest_kept() {
        let text = "bad key lp_live_ABCDEF0123456789_s3cr3t-x_y, sent as Bearer abc.def/12= here";
        assert_eq!(secrets(text), "bad key <redacted>, sent as <redacted> here");
        assert_eq!(secrets("LP_TEST_k_s"), "<redacted>");
        assert_eq!(
            secrets("PostEverywhere echoed pe_live_sandbox_demo_key back"),
            "PostEverywhere echoed <redacted> back"
        );
        assert_eq!(secrets("a recipe_for_x stays"), "a recipe_for_x stays");
    }

    #[test]
    fn ordinary_words_with_lp_inside_are_not_touched() {
        for text in [
            "help_text",
            "see the help_me_now page",
            "lp_",
            "lp_only",
            "bearer",
        ] {
            assert_eq!(secrets(text), text, "{text}");
        }
    }

    #[test]
    fn json_strings_are_redacted_at_any_depth() {
        let v = serde_json::json!({
            "echo": {"headers": ["Authorization: Bearer lp_test_a_b"], "n": 3},
            "lp_test_k_v": true
        });
        let out = json_secrets(v).to_string();
        assert!(!out.contains("lp_test"), "{out}");
        assert!(out.contains("\"n\":3"), "{out}");
    }
}
