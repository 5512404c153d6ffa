//! The client's rules and the sandbox were written apart, from the same documentation. For
//! thousands of generated plans, the client's verdict and the server's answer must agree:
//! accepted, or refused with a code and field the client also named.
//!
//! One kind of refusal is left out, on purpose: SOCIAL_ACCOUNT_NOT_PUBLISH_READY for an
//! account the list shows as connected. Which modes an account is provisioned for is not
//! part of the account data the API returns, so no client can predict it; the count of such
//! cases is printed.

mod common;

use std::sync::OnceLock;

use chrono::Utc;
use common::Running;
use layers_core::api::{parse_base_url, ApiError, ApiKey, Client};
use layers_core::model::*;
use layers_core::rules;
use layers_sandbox::{SandboxConfig, Tier};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

const CONTAINERS: &[&str] = &[
    "video",
    "slideshow",
    "image",
    "processing",
    "pending-approval",
    "rejected",
    "no-media",
];
const ACCOUNTS: &[&str] = &[
    "tiktok",
    "instagram",
    "instagram-personal",
    "tiktok-reauth",
    "tiktok-leased",
    "tiktok-managed",
    "other-project",
    "sa_00000000-0000-4000-8000-000000000000",
];

#[derive(Debug, Clone)]
struct Case {
    container: usize,
    action: PlanAction,
    when: Option<i64>,
    targets: Vec<(usize, TargetSpec)>,
}

fn text() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        12 => Just(None),
        2 => Just(Some(String::new())),
        1 => Just(Some("é".repeat(4000))),
        1 => Just(Some("🎵".repeat(4001))),
        1 => Just(Some("x".repeat(4001))),
    ]
}

fn settings() -> impl Strategy<Value = Option<TiktokPostSettings>> {
    let privacy = prop_oneof![
        Just(None),
        Just(Some(PrivacyLevel::PublicToEveryone)),
        Just(Some(PrivacyLevel::SelfOnly)),
        Just(Some(PrivacyLevel::FollowerOfCreator)),
    ];
    let flag = || prop_oneof![Just(None), Just(Some(true)), Just(Some(false))];
    prop_oneof![
        2 => Just(None),
        1 => (privacy, flag(), flag(), flag(), flag(), flag()).prop_map(|(p, c, d, s, o, b)| Some(TiktokPostSettings {
            privacy_level: p,
            disable_comment: c,
            disable_duet: d,
            disable_stitch: s,
            is_brand_organic: o,
            is_branded_content: b,
        })),
    ]
}

fn music(track: String) -> impl Strategy<Value = Option<TiktokMusic>> {
    prop_oneof![
        8 => Just(None),
        1 => Just(Some(TiktokMusic { mode: MusicMode::None, track_id: None })),
        1 => Just(Some(TiktokMusic { mode: MusicMode::Auto, track_id: None })),
        1 => Just(Some(TiktokMusic { mode: MusicMode::Manual, track_id: Some(track) })),
        1 => Just(Some(TiktokMusic { mode: MusicMode::Manual, track_id: Some("6f1e0c1a-0000-4000-8000-000000000000".into()) })),
        1 => Just(Some(TiktokMusic { mode: MusicMode::Manual, track_id: None })),
    ]
}

fn target(track: String) -> impl Strategy<Value = (usize, TargetSpec)> {
    let mode = prop_oneof![8 => Just(TargetMode::Publish), 3 => Just(TargetMode::Draft), 1 => Just(TargetMode::Managed)];
    let reel = prop_oneof![6 => Just(None), 1 => Just(Some(true)), 1 => Just(Some(false))];
    // Mostly accounts that can publish, so that enough plans are valid to test acceptance.
    let account = prop_oneof![4 => Just(0usize), 4 => Just(1), 1 => Just(2), 1 => Just(3), 3 => Just(4), 1 => Just(5), 1 => Just(6), 1 => Just(7)];
    (
        account,
        mode,
        text(),
        text(),
        settings(),
        music(track),
        reel,
    )
        .prop_map(|(account, mode, caption, comment, settings, music, reel)| {
            (
                account,
                TargetSpec {
                    social_account_id: String::new(),
                    mode,
                    caption_override: caption,
                    first_comment_override: comment,
                    tiktok_post_settings: settings,
                    tiktok_music: music,
                    share_reel_to_feed: reel,
                },
            )
        })
}

fn case(track: String) -> impl Strategy<Value = Case> {
    let count =
        prop_oneof![1 => Just(0usize), 12 => 1usize..4, 1 => Just(50usize), 1 => Just(51usize)];
    let action = prop_oneof![Just(PlanAction::Publish), Just(PlanAction::Schedule)];
    // Far from the 30-second boundary: the rules agree on it, but a test must not race the clock.
    let when = prop_oneof![1 => Just(None), 1 => Just(Some(-3600i64)), 4 => Just(Some(3600i64))];
    let container = prop_oneof![4 => Just(0usize), 2 => Just(1), 2 => Just(2), 1 => Just(3), 1 => Just(4), 1 => Just(5), 1 => Just(6)];
    (container, action, when, count).prop_flat_map(move |(container, action, when, n)| {
        prop::collection::vec(target(track.clone()), n).prop_map(move |targets| Case {
            container,
            action,
            when,
            targets,
        })
    })
}

struct World {
    r: Running,
    client: Client,
    containers: Vec<Container>,
    accounts: Vec<Account>,
    tracks: Vec<String>,
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap()
    })
}

async fn world() -> World {
    let r = Running::with(SandboxConfig {
        tier: Tier::Internal,
        publish_delay_ms: 3_600_000,
        ..SandboxConfig::default()
    })
    .await;
    let client = Client::new(
        parse_base_url(&r.sandbox.url()).unwrap(),
        ApiKey::parse(&r.key("owner-verified")).unwrap(),
    )
    .with_tier(Some("internal"));
    let project = r.project();
    // What the app's cache would hold after a refresh.
    let dir = tempfile::tempdir().unwrap();
    let desk = layers_core::Desk::open(dir.path(), common::fast_outbox()).unwrap();
    desk.set_sending(false);
    desk.connect(
        &r.sandbox.url(),
        &r.key("owner-verified"),
        true,
        Some(&project),
        &layers_core::secrets::MemoryKeyStore::default(),
    )
    .await
    .unwrap();
    let containers = desk.containers().unwrap();
    let accounts = desk.accounts().unwrap();
    let tracks = desk.music().unwrap().into_iter().map(|t| t.id).collect();
    World {
        r,
        client,
        containers,
        accounts,
        tracks,
    }
}

/// The server's refusal as (code, field): the field from `details.issues[0].path`, the
/// target of a named account, or the container.
fn server_verdict(e: &ApiError, plan: &PlanDraft) -> (String, String) {
    let details = e.details();
    let field = if let Some(p) = details.pointer("/issues/0/path").and_then(|p| p.as_str()) {
        p.to_string()
    } else if let Some(p) = details.get("path").and_then(|p| p.as_str()) {
        p.to_string()
    } else if let Some(a) = details.get("socialAccountId").and_then(|a| a.as_str()) {
        let i = plan
            .targets
            .iter()
            .position(|t| t.social_account_id == a)
            .unwrap_or(0);
        format!("targets[{i}].socialAccountId")
    } else {
        "containerId".to_string()
    };
    (e.code().to_string(), field)
}

#[test]
fn client_rules_and_sandbox_agree_on_10000_generated_plans() {
    let w = runtime().block_on(world());
    let track = w.tracks[0].clone();
    let mut runner = TestRunner::new(Config {
        cases: 10_000,
        failure_persistence: None,
        ..Config::default()
    });
    let unknowable = std::cell::Cell::new(0u32);
    let accepted = std::cell::Cell::new(0u32);
    let result = runner.run(&case(track), |c| {
        let container = &w.r.container(CONTAINERS[c.container]);
        let targets: Vec<TargetSpec> = c
            .targets
            .iter()
            .map(|(a, spec)| {
                let mut spec = spec.clone();
                spec.social_account_id = if ACCOUNTS[*a].starts_with("sa_") { ACCOUNTS[*a].to_string() } else { w.r.account(ACCOUNTS[*a]) };
                spec
            })
            .collect();
        let scheduled_for = match c.action {
            PlanAction::Schedule => c.when.map(|s| (Utc::now() + chrono::Duration::seconds(s)).to_rfc3339()),
            PlanAction::Publish => None,
        };
        let plan = PlanDraft {
            container_id: container.clone(),
            action: c.action,
            targets,
            scheduled_for: scheduled_for.clone(),
            time_zone: scheduled_for.as_ref().map(|_| "UTC".to_string()),
        };
        let cached = w.containers.iter().find(|x| &x.id == container);
        let issues = rules::check(
            &plan,
            &rules::Context { container: cached, accounts: &w.accounts, music_track_ids: Some(&w.tracks), now: Utc::now() },
        );
        // Publish on a pending container: the client parks it (a warning); the server says 403.
        let predicted: Vec<(String, String)> = issues
            .iter()
            .filter(|i| i.severity == Severity::Error || (i.code == "APPROVAL_REQUIRED" && c.action == PlanAction::Publish))
            .map(|i| (i.code.clone(), i.path.clone()))
            .collect();

        let mut body = serde_json::json!({ "targets": plan.targets });
        if let Some(at) = &scheduled_for {
            body["scheduledFor"] = serde_json::json!(at);
        }
        let key = uuid::Uuid::new_v4().to_string();
        let answer = runtime()
            .block_on(async {
                tokio::time::timeout(
                    std::time::Duration::from_secs(10),
                    w.client.submit(c.action, container, &key, &serde_json::to_vec(&body).unwrap()),
                )
                .await
            })
            .expect("the sandbox answers within 10 s");
        match answer {
            Ok(_) => {
                prop_assert!(predicted.is_empty(), "server accepted, client predicted {predicted:?} for {plan:#?}");
                accepted.set(accepted.get() + 1);
            }
            Err(e) => {
                let verdict = server_verdict(&e, &plan);
                if verdict.0 == "SOCIAL_ACCOUNT_NOT_PUBLISH_READY" {
                    let named = plan
                        .targets
                        .iter()
                        .enumerate()
                        .find(|(i, _)| format!("targets[{i}].socialAccountId") == verdict.1)
                        .map(|(_, t)| t);
                    let connected = named
                        .and_then(|t| w.accounts.iter().find(|a| a.social_account_id == t.social_account_id))
                        .is_some_and(|a| a.status == "connected");
                    if connected && !predicted.contains(&verdict) {
                        unknowable.set(unknowable.get() + 1);
                        return Ok(());
                    }
                }
                prop_assert!(
                    predicted.contains(&verdict),
                    "server refused with {verdict:?} ({}), client predicted {predicted:?} for {plan:#?}",
                    e.message()
                );
            }
        }
        Ok(())
    });
    let (accepted, unknowable) = (accepted.get(), unknowable.get());
    println!("accepted by both: {accepted}; refused for mode provisioning the client cannot see: {unknowable}");
    if let Err(e) = result {
        panic!("{e}");
    }
    assert!(
        accepted >= 500,
        "the generator must produce enough valid plans to mean something ({accepted})"
    );
}
