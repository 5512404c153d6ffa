//! The deterministic demo world every sandbox starts with, and its `Fixture` view.

use crate::ids::{fixed, fixed_api_key};
use crate::state::*;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// `GET /_sandbox/fixture`: ids and keys a client or test needs to drive the sandbox.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fixture {
    pub api_keys: Vec<FixtureKey>,
    pub organization_id: String,
    pub project_id: String,
    pub other_project_id: String,
    /// `{label, id, ...container fields}`.
    pub containers: Vec<Value>,
    /// `{label, socialAccountId, ...account fields, accountType, publishReadyModes}`.
    pub accounts: Vec<Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FixtureKey {
    pub label: String,
    pub key: String,
    pub scopes: Vec<String>,
    pub owner_phone_verified: bool,
}

impl Fixture {
    /// The secret of the key with this label.
    pub fn api_key(&self, label: &str) -> Option<&str> {
        self.api_keys
            .iter()
            .find(|k| k.label == label)
            .map(|k| k.key.as_str())
    }

    /// The id of the container with this label.
    pub fn container_id(&self, label: &str) -> Option<&str> {
        self.labeled(&self.containers, label, "id")
    }

    /// The social account id of the account with this label.
    pub fn account_id(&self, label: &str) -> Option<&str> {
        self.labeled(&self.accounts, label, "socialAccountId")
    }

    fn labeled<'a>(&self, items: &'a [Value], label: &str, field: &str) -> Option<&'a str> {
        items
            .iter()
            .find(|v| v.get("label").and_then(Value::as_str) == Some(label))
            .and_then(|v| v.get(field))
            .and_then(Value::as_str)
    }

    pub fn from_state(s: &State) -> Fixture {
        let containers = s
            .containers
            .iter()
            .filter_map(|c| {
                let label = c.label.clone()?;
                let mut v = c.wire();
                if let Some(o) = v.as_object_mut() {
                    o.insert("label".into(), json!(label));
                }
                Some(v)
            })
            .collect();
        let accounts = s
            .accounts
            .iter()
            .filter_map(|a| {
                let label = a.label.clone()?;
                let mut v = a.wire();
                if let Some(o) = v.as_object_mut() {
                    o.insert("label".into(), json!(label));
                    o.insert("projectId".into(), json!(a.project_id));
                    o.insert("accountType".into(), json!(a.account_type));
                    o.insert("publishReadyModes".into(), json!(a.ready_modes));
                    o.insert("revoked".into(), json!(a.revoked_at.is_some()));
                }
                Some(v)
            })
            .collect();
        Fixture {
            api_keys: s
                .api_keys
                .iter()
                .map(|k| FixtureKey {
                    label: k.label.clone(),
                    key: k.key.clone(),
                    scopes: k.scopes.clone(),
                    owner_phone_verified: k.owner_phone_verified,
                })
                .collect(),
            organization_id: s.organization.id.clone(),
            project_id: main_project_id(),
            other_project_id: other_project_id(),
            containers,
            accounts,
        }
    }
}

pub fn main_project_id() -> String {
    fixed("prj_", "project:main")
}

pub fn other_project_id() -> String {
    fixed("prj_", "project:other")
}

fn key(label: &str, scopes: &[&str], owner: &str, phone: Option<&str>, verified: bool) -> ApiKey {
    ApiKey {
        id: fixed("key_", &format!("key:{label}")),
        label: label.into(),
        key: fixed_api_key(label),
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        owner_name: owner.into(),
        owner_phone: phone.map(str::to_string),
        owner_phone_verified: verified,
    }
}

/// Media of a new container of `kind` (`video`, `image`, `slideshow`, or anything else for
/// none), served by the sandbox at `origin` (`demo_media`).
pub fn media_for(origin: &str, id: &str, kind: &str, seed: &str) -> (Option<Preview>, Vec<Asset>) {
    let uuid = id.trim_start_matches("cnt_");
    let at = |file: &str| crate::demo_media::url(origin, uuid, file);
    let asset = |n: usize, kind: &str, url: String, thumb: Option<String>| Asset {
        asset_id: fixed("ast_", &format!("{seed}:asset:{n}")),
        kind: kind.into(),
        url,
        thumbnail_url: thumb,
    };
    match kind {
        "video" => {
            let video = at("video.mp4");
            let thumb = at("thumb.png");
            (
                Some(Preview {
                    kind: "video".into(),
                    primary_url: video.clone(),
                    video_url: Some(video.clone()),
                    thumbnail_url: Some(thumb.clone()),
                    hls_url: None,
                    duration_ms: Some(21_400),
                    aspect_ratio: "9:16".into(),
                }),
                vec![asset(0, "video", video, Some(thumb))],
            )
        }
        "image" => {
            let url = at("image-1.png");
            let thumb = at("image-1-thumb.png");
            (
                Some(Preview {
                    kind: "image".into(),
                    primary_url: url.clone(),
                    video_url: None,
                    thumbnail_url: Some(thumb.clone()),
                    hls_url: None,
                    duration_ms: None,
                    aspect_ratio: "4:5".into(),
                }),
                vec![asset(0, "image", url, Some(thumb))],
            )
        }
        "slideshow" => {
            let assets: Vec<Asset> = (1..=3)
                .map(|n| {
                    asset(
                        n,
                        "image",
                        at(&format!("slide-{n}.png")),
                        Some(at(&format!("slide-{n}-thumb.png"))),
                    )
                })
                .collect();
            (
                Some(Preview {
                    kind: "slideshow".into(),
                    primary_url: assets[0].url.clone(),
                    video_url: None,
                    thumbnail_url: assets[0].thumbnail_url.clone(),
                    hls_url: None,
                    duration_ms: None,
                    aspect_ratio: "9:16".into(),
                }),
                assets,
            )
        }
        _ => (None, Vec::new()),
    }
}

struct ContainerSpec {
    label: &'static str,
    kind: &'static str,
    status: &'static str,
    approval: &'static str,
    format: Option<&'static str>,
    creative: &'static str,
    hook: &'static str,
    caption: &'static str,
    first_comment: Option<&'static str>,
    age_hours: i64,
}

const CONTAINERS: &[ContainerSpec] = &[
    ContainerSpec {
        label: "video",
        kind: "video",
        status: "completed",
        approval: "not_required",
        format: Some("ugc-remix"),
        creative: "generated",
        hook: "3 habits that fixed my mornings",
        caption: "3 habits that fixed my mornings ☀️🧃 No 5am alarm needed, just 10 calm minutes before the phone. Save this for tomorrow! #morningroutine #wellness #selfcare #habits",
        first_comment: Some("Which one are you trying first? 👇 Mine was the water before coffee 💧"),
        age_hours: 30,
    },
    ContainerSpec {
        label: "slideshow",
        kind: "slideshow",
        status: "completed",
        approval: "not_required",
        format: Some("slideshow-remix"),
        creative: "generated",
        hook: "Swipe for the 3-ingredient smoothie lineup",
        caption: "Smoothie week 🥤✨ Swipe for three 3-ingredient blends that keep me full till lunch. Which one wins? #smoothie #healthybreakfast #easyrecipes",
        first_comment: Some("Recipe amounts are on slide 3 🍓"),
        age_hours: 28,
    },
    ContainerSpec {
        label: "image",
        kind: "image",
        status: "completed",
        approval: "not_required",
        format: None,
        creative: "uploaded",
        hook: "New drop",
        caption: "New colorway just dropped 💚 Limited run, link in bio. #newdrop #matcha #wellnessshop",
        first_comment: None,
        age_hours: 26,
    },
    ContainerSpec {
        label: "processing",
        kind: "none",
        status: "processing",
        approval: "not_required",
        format: Some("video-remix"),
        creative: "generated",
        hook: "POV: you finally fixed your sleep",
        caption: "POV: you finally fixed your sleep 😴🌙 #sleeptips #nightroutine",
        first_comment: None,
        age_hours: 1,
    },
    ContainerSpec {
        label: "pending-approval",
        kind: "video",
        status: "completed",
        approval: "pending",
        format: Some("ugc-remix"),
        creative: "generated",
        hook: "I tried cold plunges for 30 days",
        caption: "30 days of cold plunges 🧊 Honest results (day 12 was rough 😅). Would you try it? #coldplunge #30daychallenge #recovery",
        first_comment: Some("Full routine breakdown coming Friday 🗓️"),
        age_hours: 20,
    },
    ContainerSpec {
        label: "rejected",
        kind: "slideshow",
        status: "completed",
        approval: "rejected",
        format: Some("slideshow-builder"),
        creative: "generated",
        hook: "Supplements I stopped buying",
        caption: "5 supplements I stopped buying 💸 and what I do instead. #supplements #wellnesstips #savemoney",
        first_comment: None,
        age_hours: 40,
    },
    ContainerSpec {
        label: "no-media",
        kind: "none",
        status: "completed",
        approval: "not_required",
        format: None,
        creative: "uploaded",
        hook: "Text-only teaser",
        caption: "Something big is coming Monday 👀🔔 #comingsoon #staytuned",
        first_comment: None,
        age_hours: 24,
    },
];

struct AccountSpec {
    label: &'static str,
    project: &'static str,
    platform: &'static str,
    handle: &'static str,
    status: &'static str,
    leased: bool,
    price: Option<u64>,
    account_type: Option<&'static str>,
    modes: &'static [&'static str],
}

const ACCOUNTS: &[AccountSpec] = &[
    AccountSpec {
        label: "tiktok",
        project: "main",
        platform: "tiktok",
        handle: "mayamovesdaily",
        status: "connected",
        leased: false,
        price: None,
        account_type: None,
        modes: &["publish", "draft"],
    },
    AccountSpec {
        label: "instagram",
        project: "main",
        platform: "instagram",
        handle: "maya.wellness",
        status: "connected",
        leased: false,
        price: None,
        account_type: Some("business"),
        modes: &["publish", "draft"],
    },
    AccountSpec {
        label: "instagram-personal",
        project: "main",
        platform: "instagram",
        handle: "maya.snaps",
        status: "connected",
        leased: false,
        price: None,
        account_type: Some("personal"),
        modes: &["publish", "draft"],
    },
    AccountSpec {
        label: "tiktok-reauth",
        project: "main",
        platform: "tiktok",
        handle: "mayabehindthescenes",
        status: "reauth_required",
        leased: false,
        price: None,
        account_type: None,
        modes: &[],
    },
    AccountSpec {
        label: "tiktok-leased",
        project: "main",
        platform: "tiktok",
        handle: "dailyglow.tips",
        status: "connected",
        leased: true,
        price: Some(4900),
        account_type: None,
        modes: &["publish", "draft"],
    },
    AccountSpec {
        label: "tiktok-managed",
        project: "main",
        platform: "tiktok",
        handle: "glowlab.managed",
        status: "connected",
        leased: false,
        price: None,
        account_type: None,
        modes: &["managed"],
    },
    AccountSpec {
        label: "other-project",
        project: "other",
        platform: "tiktok",
        handle: "crunchtime.snacks",
        status: "connected",
        leased: false,
        price: None,
        account_type: None,
        modes: &["publish", "draft"],
    },
];

/// The initial state, with timestamps relative to `now`.
/// Avatars and music art: named like production media, not served (the UI draws initials).
const MEDIA: &str = "https://media.layers.com/sandbox";

/// The demo world as a new sandbox at `origin` starts it.
pub fn initial_state(now: DateTime<Utc>, origin: &str) -> State {
    let org_id = fixed("org_", "organization");
    let projects = vec![
        Project {
            id: main_project_id(),
            name: "Maya Wellness".into(),
            timezone: "America/Los_Angeles".into(),
            status: "active".into(),
            organization_id: org_id.clone(),
            customer_external_id: Some("cust_maya_001".into()),
            primary_language: "en".into(),
            created_at: now - Duration::days(30),
        },
        Project {
            id: other_project_id(),
            name: "Crunchtime Snacks".into(),
            timezone: "Europe/Berlin".into(),
            status: "active".into(),
            organization_id: org_id.clone(),
            customer_external_id: Some("cust_crunch_002".into()),
            primary_language: "de".into(),
            created_at: now - Duration::days(12),
        },
    ];
    let api_keys = vec![
        key(
            "owner-verified",
            &["*"],
            "Sam Rivera",
            Some("+15555550123"),
            true,
        ),
        key(
            "owner-unverified",
            &["*"],
            "Alex Chen",
            Some("+15555550188"),
            false,
        ),
        key(
            "read-only",
            &["content:read", "publish:read", "social:read", "jobs:read"],
            "Robin Ops",
            None,
            false,
        ),
        key("no-phone", &["*"], "CI Bot", None, false),
    ];
    let containers = CONTAINERS
        .iter()
        .map(|spec| {
            let seed = format!("container:{}", spec.label);
            let id = fixed("cnt_", &seed);
            let (preview, assets) = media_for(origin, &id, spec.kind, &seed);
            let created = now - Duration::hours(spec.age_hours);
            let completed = (spec.status == "completed").then(|| created + Duration::minutes(4));
            let rejected = spec.approval == "rejected";
            Container {
                id,
                label: Some(spec.label.into()),
                project_id: main_project_id(),
                status: spec.status.into(),
                format: spec.format.map(str::to_string),
                hook: Some(spec.hook.into()),
                influencer_id: (spec.creative == "generated")
                    .then(|| fixed("inf_", "influencer:maya")),
                source_tiktok_id: None,
                media_id: None,
                caption: Some(spec.caption.into()),
                first_comment: spec.first_comment.map(str::to_string),
                preview,
                assets,
                approval_status: spec.approval.into(),
                creative_type: spec.creative.into(),
                created_at: created,
                completed_at: completed,
                failed_at: None,
                last_error: None,
                approved_at: None,
                approved_by: None,
                rejected_at: rejected.then(|| created + Duration::hours(2)),
                rejected_by: rejected.then(|| "user_reviewer".to_string()),
                rejection_reason: rejected
                    .then(|| "Health claims need a source before this can go out.".to_string()),
            }
        })
        .collect();
    let accounts = ACCOUNTS
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let id = fixed("sa_", &format!("account:{}", spec.label));
            let connected = now - Duration::days(20 - i as i64);
            let expires = if spec.status == "reauth_required" {
                now - Duration::days(1)
            } else {
                now + Duration::days(60)
            };
            Account {
                avatar_url: Some(format!(
                    "{MEDIA}/avatars/{}.jpg",
                    id.trim_start_matches("sa_")
                )),
                social_account_id: id,
                label: Some(spec.label.into()),
                project_id: if spec.project == "main" {
                    main_project_id()
                } else {
                    other_project_id()
                },
                platform: spec.platform.into(),
                handle: spec.handle.into(),
                status: spec.status.into(),
                leased: spec.leased,
                connected_at: connected,
                token_expires_at: Some(expires),
                monthly_price_cents: spec.price,
                account_type: spec.account_type.map(str::to_string),
                ready_modes: spec.modes.iter().map(|m| m.to_string()).collect(),
                revoked_at: None,
            }
        })
        .collect();
    let policies = vec![
        ReviewPolicy {
            project_id: main_project_id(),
            policy: "auto_approve".into(),
            first_n: None,
            updated_at: None,
            gated_since_set: 0,
        },
        ReviewPolicy {
            project_id: other_project_id(),
            policy: "auto_approve".into(),
            first_n: None,
            updated_at: None,
            gated_since_set: 0,
        },
    ];
    State {
        organization: Organization {
            id: org_id,
            workspace_id: fixed("", "workspace"),
            name: "Sandbox Studio".into(),
            parent_organization_id: None,
        },
        projects,
        api_keys,
        containers,
        accounts,
        posts: Vec::new(),
        parked: Vec::new(),
        idempotency: Vec::new(),
        oauth: Vec::new(),
        leases: Vec::new(),
        sms: Vec::new(),
        policies,
        upload_slots: Vec::new(),
        sms_provider: SmsProvider {
            available: true,
            reject_all: false,
        },
        counters: Counters::default(),
        saved_at: None,
    }
}

/// One entry of the TikTok music catalog.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Track {
    pub id: String,
    pub title: &'static str,
    pub author: &'static str,
    pub album: &'static str,
    pub duration: u32,
    pub preview_url: String,
    pub cover_url: String,
    pub language: &'static str,
    pub user_count: u64,
    pub is_commerce_music: bool,
}

const TRACKS: &[(&str, &str, &str, u32, &str, u64, bool)] = &[
    (
        "Golden Hour Drive",
        "Luna Vale",
        "Sunset Tapes",
        32,
        "en",
        2_410_000,
        true,
    ),
    (
        "Matcha Morning",
        "Kiko Beats",
        "Slow Days",
        28,
        "en",
        1_870_500,
        true,
    ),
    (
        "Cold Plunge",
        "NORTHWIND",
        "Ice Bath EP",
        45,
        "en",
        1_203_300,
        false,
    ),
    (
        "Petit Déjeuner",
        "Café Noir",
        "Rive Gauche",
        30,
        "fr",
        988_000,
        true,
    ),
    (
        "Run It Back",
        "Jayden Cole",
        "Laps",
        24,
        "en",
        760_250,
        false,
    ),
    (
        "Sakura Loop",
        "Hana & The Tides",
        "Spring Loops",
        36,
        "ja",
        512_900,
        true,
    ),
    ("Vamos Ya", "Rio Sol", "Verano", 29, "es", 344_100, false),
    (
        "Quiet Focus",
        "Lowlight",
        "Deep Work",
        60,
        "en",
        120_700,
        true,
    ),
];

/// The catalog, sorted by `userCount` descending.
pub fn music_catalog() -> Vec<Track> {
    let mut tracks: Vec<Track> = TRACKS
        .iter()
        .map(|(title, author, album, duration, lang, users, commerce)| {
            let id = crate::ids::fixed_uuid(&format!("track:{title}")).to_string();
            Track {
                preview_url: format!("{MEDIA}/music/{id}/preview.mp3"),
                cover_url: format!("{MEDIA}/music/{id}/cover.jpg"),
                id,
                title,
                author,
                album,
                duration: *duration,
                language: lang,
                user_count: *users,
                is_commerce_music: *commerce,
            }
        })
        .collect();
    tracks.sort_by_key(|t| std::cmp::Reverse(t.user_count));
    tracks
}

pub fn track_exists(id: &str) -> bool {
    music_catalog()
        .iter()
        .any(|t| t.id.eq_ignore_ascii_case(id))
}
