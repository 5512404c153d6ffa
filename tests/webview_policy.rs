//! The window's content security policy and capabilities, read from `tauri.conf.json`: the
//! webview runs only the app's own scripts, talks only to the app over IPC, loads nothing
//! remote but media from Layers' hosts, and may call nothing beyond listening to change events.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn config() -> Value {
    let text = std::fs::read_to_string(root().join("tauri.conf.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// `directive -> sources` of the CSP string.
fn csp() -> BTreeMap<String, Vec<String>> {
    let config = config();
    let csp = config
        .pointer("/app/security/csp")
        .and_then(Value::as_str)
        .expect("a CSP string is set (null would mean none at all)");
    csp.split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let mut parts = d.split_whitespace().map(str::to_string);
            (parts.next().unwrap(), parts.collect())
        })
        .collect()
}

fn sources(name: &str) -> Vec<String> {
    csp()
        .get(name)
        .cloned()
        .unwrap_or_else(|| panic!("the CSP sets {name}"))
}

fn only(name: &str, allowed: &[&str]) {
    for s in sources(name) {
        assert!(
            allowed.contains(&s.as_str()),
            "{name} allows {s}; only {allowed:?} are expected"
        );
    }
}

#[test]
fn scripts_come_only_from_the_app_itself() {
    assert_eq!(sources("default-src"), ["'self'"]);
    assert_eq!(sources("script-src"), ["'self'"]);
    for directive in csp().keys() {
        for s in &sources(directive) {
            assert_ne!(s, "'unsafe-eval'", "{directive}");
            assert_ne!(s, "*", "{directive}");
            if directive != "style-src" {
                assert_ne!(s, "'unsafe-inline'", "{directive}");
            }
        }
    }
}

#[test]
fn the_webview_talks_only_to_the_app() {
    // `desk-media:` is the app's media cache: on Linux the page fetches a cached video from
    // it to play it (ui/src/lib/playable.ts).
    only(
        "connect-src",
        &["ipc:", "http://ipc.localhost", "desk-media:"],
    );
}

/// Layers' media hosts, and no other: a bare `https:` would let an injected script send data
/// out through an image URL, and let whoever serves a thumbnail see what the user opens.
const MEDIA_HOSTS: &str = "https://*.layers.com";

#[test]
fn media_loads_only_from_the_hosts_the_api_serves_it_from() {
    // `desk-media:` is the app's own cache of containers' media (app/src/media_protocol.rs;
    // `http://desk-media.localhost` is the same on Windows).
    let own = ["desk-media:", "http://desk-media.localhost"];
    only(
        "img-src",
        &["'self'", "data:", "blob:", MEDIA_HOSTS, own[0], own[1]],
    );
    only(
        "media-src",
        &["'self'", "blob:", MEDIA_HOSTS, own[0], own[1]],
    );
    only("style-src", &["'self'", "'unsafe-inline'"]);
}

#[test]
fn the_ui_loads_media_from_the_same_hosts_the_csp_allows() {
    let format = std::fs::read_to_string(root().join("ui/src/lib/urls.ts")).unwrap();
    let suffix = MEDIA_HOSTS.trim_start_matches("https://*");
    assert!(
        format.contains(&format!("export const MEDIA_HOST_SUFFIX = '{suffix}';")),
        "ui/src/lib/urls.ts keeps MEDIA_HOST_SUFFIX = '{suffix}', in step with the CSP"
    );
}

#[test]
fn no_plugins_frames_forms_or_base_rewrites() {
    assert_eq!(sources("object-src"), ["'none'"]);
    assert_eq!(sources("base-uri"), ["'none'"]);
    assert_eq!(sources("form-action"), ["'none'"]);
    assert_eq!(sources("frame-ancestors"), ["'none'"]);
    let frames = csp().get("frame-src").cloned().unwrap_or_default();
    assert!(
        frames.iter().all(|s| s == "'none'" || s == "'self'"),
        "{frames:?}"
    );
}

#[test]
fn the_capability_set_is_listening_to_events_in_the_main_window() {
    let config = config();
    let security = &config["app"]["security"];
    assert_ne!(security["dangerousDisableAssetCspModification"], true);
    assert_ne!(config["app"]["withGlobalTauri"], true);
    let caps = security["capabilities"]
        .as_array()
        .expect("capabilities inline");
    assert_eq!(caps.len(), 1, "one capability: {caps:?}");
    assert_eq!(caps[0]["windows"], serde_json::json!(["main"]));
    assert!(
        caps[0].get("remote").is_none(),
        "no remote URL gets IPC access"
    );
    let permissions: Vec<&str> = caps[0]["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().expect("plain permission names"))
        .collect();
    for p in &permissions {
        assert!(
            ["core:event:allow-listen", "core:event:allow-unlisten"].contains(p),
            "unexpected permission {p}"
        );
    }
    // No capability files would widen this behind the config's back.
    for dir in [
        "capabilities",
        "src-tauri/capabilities",
        "src-tauri/app/capabilities",
    ] {
        let path = root().join(dir);
        let files = std::fs::read_dir(&path).map(|d| d.count()).unwrap_or(0);
        assert_eq!(files, 0, "{} holds capability files", path.display());
    }
}

#[test]
fn only_reviewed_plugins_and_none_reachable_from_the_webview() {
    // Each is used from Rust only (the capability test above grants the webview none of
    // their permissions): a new one needs the same review of what it opens.
    let reviewed = [
        "tauri-plugin-opener",
        "tauri-plugin-single-instance",
        "tauri-plugin-window-state",
        "tauri-plugin-notification",
        // Opened by the `pick_files` command; the page gets the files' tokens, never a path.
        "tauri-plugin-dialog",
    ];
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    for line in manifest.lines() {
        if let Some(name) = line.split('=').next().map(str::trim) {
            if name.starts_with("tauri-plugin-") {
                assert!(reviewed.contains(&name), "unreviewed plugin {name}");
            }
        }
    }
}
