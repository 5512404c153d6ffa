use crate::common::*;
use serde_json::json;

#[tokio::test]
async fn publish_with_partner_ids_walks_queued_publishing_published() {
    let t = start_slow().await;
    let id = sp_id();
    let r = t
        .publish(
            &t.container("video"),
            json!([{ "socialAccountId": t.account("tiktok"), "mode": "publish", "scheduledPostId": id }]),
        )
        .await;
    r.assert(200, "");
    assert_eq!(r.body, json!({ "scheduledPostIds": [id] }));
    let (seen, post) = t.watch_post(&id).await;
    assert_eq!(seen, ["queued", "publishing", "published"]);
    assert_eq!(post["id"], json!(id));
    assert_eq!(post["platform"], "tiktok");
    assert_eq!(post["mode"], "publish");
    assert!(post["externalId"].is_string());
    let url = post["externalUrl"].as_str().expect("url");
    assert!(
        url.starts_with("https://www.tiktok.com/@mayamovesdaily/video/"),
        "{url}"
    );
    assert!(post["attemptedAt"].is_string());
    assert!(post["publishedAt"]
        .as_str()
        .expect("publishedAt")
        .ends_with('Z'));
    assert!(post["lastError"].is_null());
    for field in [
        "scheduledFor",
        "createdAt",
        "updatedAt",
        "canceledAt",
        "containerId",
        "socialAccountId",
    ] {
        assert!(post.get(field).is_some(), "missing {field}");
    }
}

#[tokio::test]
async fn publish_without_partner_ids_mints_sp_uuid_ids_one_per_target() {
    let t = start().await;
    let r = t
        .publish(
            &t.container("video"),
            json!([
                { "socialAccountId": t.account("tiktok"), "mode": "publish" },
                { "socialAccountId": t.account("instagram"), "mode": "publish" }
            ]),
        )
        .await;
    r.assert(200, "");
    let ids = r.body["scheduledPostIds"].as_array().expect("ids");
    assert_eq!(ids.len(), 2);
    for id in ids {
        assert!(id.as_str().unwrap_or("").starts_with("sp_"));
    }
    assert_eq!(t.ledger().await.len(), 2);
}

#[tokio::test]
async fn reused_scheduled_post_id_is_409_conflict_duplicate_id_and_nothing_written() {
    let t = start().await;
    let id = sp_id();
    t.publish(
        &t.container("video"),
        json!([{ "socialAccountId": t.account("tiktok"), "mode": "publish", "scheduledPostId": id }]),
    )
    .await
    .assert(200, "");
    let fresh = sp_id();
    let r = t
        .publish(
            &t.container("slideshow"),
            json!([
                { "socialAccountId": t.account("instagram"), "mode": "publish", "scheduledPostId": fresh },
                { "socialAccountId": t.account("tiktok"), "mode": "publish", "scheduledPostId": id }
            ]),
        )
        .await;
    r.assert(409, "CONFLICT_DUPLICATE_ID");
    assert_eq!(r.body["error"]["details"]["scheduledPostId"], json!(id));
    let ledger = t.ledger().await;
    assert_eq!(ledger.len(), 1, "only the first call wrote a post");
    t.get(&format!("/v1/scheduled-posts/{fresh}"))
        .await
        .assert(404, "NOT_FOUND");
}

#[tokio::test]
async fn pending_container_publish_is_403_approval_required() {
    let t = start().await;
    let r = t
        .publish(
            &t.container("pending-approval"),
            json!([{ "socialAccountId": t.account("tiktok"), "mode": "publish" }]),
        )
        .await;
    r.assert(403, "APPROVAL_REQUIRED");
    assert_eq!(r.body["error"]["details"]["approvalStatus"], "pending");
    assert!(t.ledger().await.is_empty());
}

#[tokio::test]
async fn rejected_container_publish_is_409_content_rejected() {
    let t = start().await;
    t.publish(
        &t.container("rejected"),
        json!([{ "socialAccountId": t.account("tiktok"), "mode": "publish" }]),
    )
    .await
    .assert(409, "CONTENT_REJECTED");
}

#[tokio::test]
async fn processing_container_publish_is_409_conflict() {
    let t = start().await;
    t.publish(
        &t.container("processing"),
        json!([{ "socialAccountId": t.account("tiktok"), "mode": "publish" }]),
    )
    .await
    .assert(409, "CONFLICT");
}

#[tokio::test]
async fn unknown_container_is_404_not_found() {
    let t = start().await;
    t.publish(
        "cnt_00000000-0000-4000-8000-000000000000",
        json!([{ "socialAccountId": t.account("tiktok"), "mode": "publish" }]),
    )
    .await
    .assert(404, "NOT_FOUND");
}

#[tokio::test]
async fn container_id_accepts_bare_uuid() {
    let t = start().await;
    let bare = t.container("video").trim_start_matches("cnt_").to_string();
    t.get(&format!("/v1/content/{bare}")).await.assert(200, "");
}

#[tokio::test]
async fn account_of_another_project_is_404_and_whole_batch_aborts() {
    let t = start().await;
    let r = t
        .publish(
            &t.container("video"),
            json!([
                { "socialAccountId": t.account("tiktok"), "mode": "publish" },
                { "socialAccountId": t.account("other-project"), "mode": "publish" }
            ]),
        )
        .await;
    r.assert(404, "NOT_FOUND");
    assert_eq!(
        r.body["error"]["details"]["socialAccountId"],
        json!(t.account("other-project"))
    );
    assert!(t.ledger().await.is_empty());
}

#[tokio::test]
async fn empty_targets_is_422_validation() {
    let t = start().await;
    let r = t.publish(&t.container("video"), json!([])).await;
    r.assert(422, "VALIDATION");
    assert_eq!(r.body["error"]["details"]["issues"][0]["path"], "targets");
}

#[tokio::test]
async fn more_than_50_targets_is_422_validation() {
    let t = start().await;
    let targets: Vec<_> = (0..51)
        .map(|_| json!({ "socialAccountId": t.account("tiktok"), "mode": "publish" }))
        .collect();
    t.publish(&t.container("video"), json!(targets))
        .await
        .assert(422, "VALIDATION");
    assert!(t.ledger().await.is_empty());
}

#[tokio::test]
async fn invalid_mode_is_422_validation_with_target_path() {
    let t = start().await;
    let r = t
        .publish(
            &t.container("video"),
            json!([{ "socialAccountId": t.account("tiktok"), "mode": "direct_publish" }]),
        )
        .await;
    r.assert(422, "VALIDATION");
    assert_eq!(
        r.body["error"]["details"]["issues"][0]["path"],
        "targets[0].mode"
    );
}

#[tokio::test]
async fn malformed_partner_post_id_is_422_validation() {
    let t = start().await;
    let r = t
        .publish(
            &t.container("video"),
            json!([{ "socialAccountId": t.account("tiktok"), "mode": "publish", "scheduledPostId": "my-id" }]),
        )
        .await;
    r.assert(422, "VALIDATION");
    assert_eq!(
        r.body["error"]["details"]["issues"][0]["path"],
        "targets[0].scheduledPostId"
    );
}

#[tokio::test]
async fn caption_override_over_4000_chars_is_422_with_target_path() {
    let t = start().await;
    let long = "é".repeat(4001);
    let r = t
        .publish(
            &t.container("video"),
            json!([
                { "socialAccountId": t.account("tiktok"), "mode": "publish" },
                { "socialAccountId": t.account("instagram"), "mode": "publish", "captionOverride": long }
            ]),
        )
        .await;
    r.assert(422, "VALIDATION");
    assert_eq!(
        r.body["error"]["details"]["issues"][0]["path"],
        "targets[1].captionOverride"
    );
    let ok = "é".repeat(4000);
    t.publish(
        &t.container("video"),
        json!([{ "socialAccountId": t.account("tiktok"), "mode": "publish", "captionOverride": ok, "firstCommentOverride": ok }]),
    )
    .await
    .assert(200, "");
}

#[tokio::test]
async fn first_comment_override_over_4000_chars_is_422() {
    let t = start().await;
    let r = t
        .publish(
            &t.container("video"),
            json!([{ "socialAccountId": t.account("tiktok"), "mode": "publish", "firstCommentOverride": "x".repeat(4001) }]),
        )
        .await;
    r.assert(422, "VALIDATION");
    assert_eq!(
        r.body["error"]["details"]["issues"][0]["path"],
        "targets[0].firstCommentOverride"
    );
}

#[tokio::test]
async fn tiktok_music_on_draft_target_is_422_validation() {
    let t = start().await;
    let r = t
        .publish(
            &t.container("slideshow"),
            json!([{ "socialAccountId": t.account("tiktok"), "mode": "draft", "tiktokMusic": { "mode": "auto" } }]),
        )
        .await;
    r.assert(422, "VALIDATION");
    assert_eq!(
        r.body["error"]["details"]["issues"][0]["path"],
        "targets[0].tiktokMusic"
    );
}

#[tokio::test]
async fn manual_track_not_in_catalog_is_422_validation() {
    let t = start().await;
    let r = t
        .publish(
            &t.container("slideshow"),
            json!([{ "socialAccountId": t.account("tiktok"), "mode": "publish",
                     "tiktokMusic": { "mode": "manual", "trackId": "8f1d6c3e-4b2a-4a18-9e4f-c2d7a1b0e999" } }]),
        )
        .await;
    r.assert(422, "VALIDATION");
    assert_eq!(
        r.body["error"]["details"]["issues"][0]["path"],
        "targets[0].tiktokMusic.trackId"
    );
}

#[tokio::test]
async fn manual_track_without_track_id_is_422_validation() {
    let t = start().await;
    t.publish(
        &t.container("slideshow"),
        json!([{ "socialAccountId": t.account("tiktok"), "mode": "publish", "tiktokMusic": { "mode": "manual" } }]),
    )
    .await
    .assert(422, "VALIDATION");
}

#[tokio::test]
async fn manual_music_on_direct_publish_degrades_to_auto_in_the_ledger() {
    let t = start().await;
    let tracks = t.get("/v1/tiktok-music").await.body;
    let track = tracks["tracks"][0]["id"]
        .as_str()
        .expect("track")
        .to_string();
    let r = t
        .publish(
            &t.container("slideshow"),
            json!([
                { "socialAccountId": t.account("tiktok"), "mode": "publish", "tiktokMusic": { "mode": "manual", "trackId": track } },
                { "socialAccountId": t.account("tiktok-managed"), "mode": "managed", "tiktokMusic": { "mode": "manual", "trackId": track } }
            ]),
        )
        .await;
    r.assert(200, "");
    let ids: Vec<String> = r.body["scheduledPostIds"]
        .as_array()
        .expect("ids")
        .iter()
        .map(|v| v.as_str().unwrap_or("").to_string())
        .collect();
    let (_, direct) = t.watch_post(&ids[0]).await;
    let (_, managed) = t.watch_post(&ids[1]).await;
    assert_eq!(direct["status"], "published");
    assert_eq!(managed["status"], "published");
    assert!(direct["externalUrl"]
        .as_str()
        .unwrap_or("")
        .contains("/photo/"));
    let ledger = t.ledger().await;
    let find = |id: &str| {
        ledger
            .iter()
            .find(|p| p["id"] == id)
            .cloned()
            .expect("in ledger")
    };
    assert_eq!(find(&ids[0])["musicApplied"], "auto");
    assert_eq!(
        find(&ids[1])["musicApplied"],
        json!(format!("manual:{track}"))
    );
    assert_eq!(find(&ids[0])["target"]["tiktokMusic"]["mode"], "manual");
}

#[tokio::test]
async fn tiktok_fields_on_instagram_target_are_ignored_not_rejected() {
    let t = start().await;
    let r = t
        .publish(
            &t.container("video"),
            json!([{ "socialAccountId": t.account("instagram"), "mode": "publish",
                     "tiktokPostSettings": { "privacyLevel": "SELF_ONLY", "isBrandedContent": true },
                     "tiktokMusic": { "mode": "auto" } }]),
        )
        .await;
    r.assert(200, "");
    let id = r.body["scheduledPostIds"][0]
        .as_str()
        .expect("id")
        .to_string();
    let (_, post) = t.watch_post(&id).await;
    assert_eq!(post["status"], "published");
}

#[tokio::test]
async fn tiktok_post_settings_ignored_in_managed_mode() {
    let t = start().await;
    let r = t
        .publish(
            &t.container("video"),
            json!([{ "socialAccountId": t.account("tiktok-managed"), "mode": "managed",
                     "tiktokPostSettings": { "privacyLevel": "SELF_ONLY", "isBrandedContent": true } }]),
        )
        .await;
    r.assert(200, "");
    let id = r.body["scheduledPostIds"][0]
        .as_str()
        .expect("id")
        .to_string();
    assert_eq!(t.watch_post(&id).await.1["status"], "published");
}

#[tokio::test]
async fn share_reel_to_feed_on_tiktok_is_422_non_instagram_target() {
    let t = start().await;
    let r = t
        .publish(
            &t.container("video"),
            json!([{ "socialAccountId": t.account("tiktok"), "mode": "publish", "shareReelToFeed": false }]),
        )
        .await;
    r.assert(422, "VALIDATION");
    let d = &r.body["error"]["details"];
    assert_eq!(d["reason"], "non_instagram_target");
    assert_eq!(d["platform"], "tiktok");
    assert_eq!(d["socialAccountId"], json!(t.account("tiktok")));
}

#[tokio::test]
async fn share_reel_to_feed_on_slideshow_is_422_non_video_container() {
    let t = start().await;
    let r = t
        .publish(
            &t.container("slideshow"),
            json!([{ "socialAccountId": t.account("instagram"), "mode": "publish", "shareReelToFeed": true }]),
        )
        .await;
    r.assert(422, "VALIDATION");
    assert_eq!(r.body["error"]["details"]["reason"], "non_video_container");
    assert_eq!(r.body["error"]["details"]["mediaType"], "multi");
    let r = t
        .publish(
            &t.container("image"),
            json!([{ "socialAccountId": t.account("instagram"), "mode": "publish", "shareReelToFeed": false }]),
        )
        .await;
    r.assert(422, "VALIDATION");
    assert_eq!(r.body["error"]["details"]["mediaType"], "image");
}

#[tokio::test]
async fn share_reel_to_feed_outside_publish_mode_is_422_non_publish_mode() {
    let t = start().await;
    let r = t
        .publish(
            &t.container("video"),
            json!([{ "socialAccountId": t.account("instagram"), "mode": "draft", "shareReelToFeed": true }]),
        )
        .await;
    r.assert(422, "VALIDATION");
    assert_eq!(r.body["error"]["details"]["reason"], "non_publish_mode");
    assert_eq!(r.body["error"]["details"]["mode"], "draft");
}

#[tokio::test]
async fn share_reel_to_feed_on_instagram_video_publish_is_accepted() {
    let t = start().await;
    let r = t
        .publish(
            &t.container("video"),
            json!([{ "socialAccountId": t.account("instagram"), "mode": "publish", "shareReelToFeed": false }]),
        )
        .await;
    r.assert(200, "");
    let id = r.body["scheduledPostIds"][0]
        .as_str()
        .expect("id")
        .to_string();
    let (_, post) = t.watch_post(&id).await;
    assert!(post["externalUrl"]
        .as_str()
        .unwrap_or("")
        .starts_with("https://www.instagram.com/reel/"));
}

#[tokio::test]
async fn managed_only_account_in_publish_mode_is_422_not_publish_ready() {
    let t = start().await;
    let r = t
        .publish(
            &t.container("video"),
            json!([{ "socialAccountId": t.account("tiktok-managed"), "mode": "publish" }]),
        )
        .await;
    r.assert(422, "SOCIAL_ACCOUNT_NOT_PUBLISH_READY");
    assert_eq!(
        r.body["error"]["details"]["socialAccountId"],
        json!(t.account("tiktok-managed"))
    );
    assert_eq!(r.body["error"]["details"]["mode"], "publish");
}

#[tokio::test]
async fn reauth_required_account_is_422_not_publish_ready() {
    let t = start().await;
    t.publish(
        &t.container("video"),
        json!([{ "socialAccountId": t.account("tiktok-reauth"), "mode": "publish" }]),
    )
    .await
    .assert(422, "SOCIAL_ACCOUNT_NOT_PUBLISH_READY");
}

#[tokio::test]
async fn instagram_personal_account_publish_ends_failed_with_graph_api_error() {
    let t = start().await;
    let r = t
        .publish(
            &t.container("video"),
            json!([{ "socialAccountId": t.account("instagram-personal"), "mode": "publish" }]),
        )
        .await;
    r.assert(200, "");
    let id = r.body["scheduledPostIds"][0]
        .as_str()
        .expect("id")
        .to_string();
    let (seen, post) = t.watch_post(&id).await;
    assert_eq!(seen.last().map(String::as_str), Some("failed"));
    assert_eq!(post["lastError"]["code"], "PLATFORM_ERROR");
    assert!(post["lastError"]["message"]
        .as_str()
        .unwrap_or("")
        .contains("Graph API"));
    assert!(post["externalId"].is_null());
}

#[tokio::test]
async fn draft_mode_ends_at_draft() {
    let t = start_slow().await;
    let r = t
        .publish(
            &t.container("video"),
            json!([{ "socialAccountId": t.account("tiktok"), "mode": "draft" }]),
        )
        .await;
    let id = r.body["scheduledPostIds"][0]
        .as_str()
        .expect("id")
        .to_string();
    let (seen, post) = t.watch_post(&id).await;
    assert_eq!(seen, ["queued", "publishing", "draft"]);
    assert!(post["externalUrl"].is_null());
}

#[tokio::test]
async fn instagram_draft_needs_verified_owner_phone_else_failed() {
    let t = start().await;
    let target = json!([{ "socialAccountId": t.account("instagram"), "mode": "draft" }]);
    let path = format!("/v1/content/{}/publish", t.container("image"));
    let verified = t.post(&path, &json!({ "targets": target })).await;
    let unverified = t
        .post_as(
            &t.key_for("owner-unverified"),
            &path,
            &json!({ "targets": target }),
        )
        .await;
    let a = verified.body["scheduledPostIds"][0]
        .as_str()
        .expect("id")
        .to_string();
    let b = unverified.body["scheduledPostIds"][0]
        .as_str()
        .expect("id")
        .to_string();
    assert_eq!(t.watch_post(&a).await.1["status"], "draft");
    let (_, failed) = t.watch_post(&b).await;
    assert_eq!(failed["status"], "failed");
    assert_eq!(failed["lastError"]["code"], "OWNER_PHONE_UNVERIFIED");
    let sms = t.admin_get("/_sandbox/sms").await;
    let msgs = sms["messages"].as_array().expect("messages");
    assert_eq!(msgs.len(), 1, "only the delivered draft reached a phone");
    assert_eq!(msgs[0]["kind"], "instagram_draft");
    assert_eq!(msgs[0]["to"], "+15555550123");
}

#[tokio::test]
async fn tiktok_branded_content_with_self_only_privacy_fails_like_tiktok() {
    let t = start().await;
    let r = t
        .publish(
            &t.container("video"),
            json!([{ "socialAccountId": t.account("tiktok"), "mode": "publish",
                     "tiktokPostSettings": { "privacyLevel": "SELF_ONLY", "isBrandedContent": true } }]),
        )
        .await;
    let id = r.body["scheduledPostIds"][0]
        .as_str()
        .expect("id")
        .to_string();
    let (_, post) = t.watch_post(&id).await;
    assert_eq!(post["status"], "failed");
    assert_eq!(post["lastError"]["code"], "PLATFORM_ERROR");
    assert_eq!(
        post["lastError"]["platformCode"],
        "privacy_level_option_mismatch"
    );
}

#[tokio::test]
async fn every_fifth_instagram_publish_has_null_external_url() {
    let t = start().await;
    let targets: Vec<_> = (0..5)
        .map(|_| json!({ "socialAccountId": t.account("instagram"), "mode": "publish" }))
        .collect();
    let r = t.publish(&t.container("image"), json!(targets)).await;
    r.assert(200, "");
    let mut nulls = 0;
    for id in r.body["scheduledPostIds"].as_array().expect("ids") {
        let (_, p) = t.watch_post(id.as_str().unwrap_or("")).await;
        assert_eq!(p["status"], "published");
        assert!(p["externalId"].is_string());
        assert!(p["publishedAt"].is_string());
        if p["externalUrl"].is_null() {
            nulls += 1;
        } else {
            assert!(p["externalUrl"]
                .as_str()
                .unwrap_or("")
                .starts_with("https://www.instagram.com/p/"));
        }
    }
    assert_eq!(nulls, 1);
}

#[tokio::test]
async fn ledger_records_every_post_with_its_target_fields() {
    let t = start().await;
    let id = sp_id();
    t.publish(
        &t.container("video"),
        json!([{ "socialAccountId": t.account("tiktok"), "mode": "publish", "scheduledPostId": id,
                 "captionOverride": "Custom caption ✨" }]),
    )
    .await
    .assert(200, "");
    let ledger = t.ledger().await;
    assert_eq!(ledger.len(), 1);
    assert_eq!(ledger[0]["id"], json!(id));
    assert_eq!(ledger[0]["target"]["captionOverride"], "Custom caption ✨");
    assert_eq!(ledger[0]["via"], "publish");
}
