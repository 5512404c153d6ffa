//! `POST /v1/content/:id/notify-device`: sends media, caption and instructions by SMS.
//! Sandbox provider rules: numbers ending in `0000` are rejected by the provider (502);
//! `POST /_sandbox/sms/provider {"available": false}` makes it unavailable (503).

use super::container_not_found;
use crate::auth::Caller;
use crate::body::{object, JsonBody};
use crate::ctx::SharedCtx;
use crate::errors::{ApiError, ApiResult};
use crate::ids::{random, sha256_hex};
use crate::state::SmsMessage;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

/// E.164: `+`, a non-zero digit, then 1-14 more digits.
pub fn is_e164(s: &str) -> bool {
    let Some(d) = s.strip_prefix('+') else {
        return false;
    };
    (2..=15).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()) && !d.starts_with('0')
}

/// Stable chat id per destination phone.
pub fn chat_id(phone: &str) -> String {
    format!("linq_chat_{}", &sha256_hex(phone.as_bytes())[..24])
}

fn validation_reason(reason: &str, message: &str) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION", message)
        .with_details(json!({ "reason": reason }))
}

fn instructions(kind: &str) -> String {
    let what = match kind {
        "video" => "the video",
        "slideshow" => "the photos",
        _ => "the photo",
    };
    format!(
        "Hi, Elle from Layers here 👋 Save {what} from my first message to your camera roll. \
Open TikTok or Instagram, tap +, pick {what}, then paste the caption I sent. \
Give it a last look and post when you're happy ✨"
    )
}

pub async fn notify_device(
    State(ctx): State<SharedCtx>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    caller.require("publish:write")?;
    object(&body)?;
    let explicit = match body.get("phoneNumber") {
        None | Some(Value::Null) => None,
        Some(Value::String(p)) if is_e164(p) => Some(p.clone()),
        Some(_) => {
            return Err(ApiError::invalid(
                "phoneNumber",
                "Must be an E.164 phone number such as +15551234567.",
            ))
        }
    };
    let now = ctx.clock.now();
    let mut s = ctx.state();
    let c = s.container(&id).cloned().ok_or_else(container_not_found)?;
    if c.status != "completed" {
        return Err(ApiError::conflict(format!(
            "Container is {}; wait for generation to finish.",
            c.status
        ))
        .with_details(json!({ "reason": "CONTENT_NOT_READY", "status": c.status })));
    }
    let phone = match explicit {
        Some(p) => p,
        None => match (&caller.key.owner_phone, caller.key.owner_phone_verified) {
            (None, _) => {
                return Err(validation_reason(
                    "PHONE_REQUIRED",
                    "No phoneNumber given and the API key's owner has no phone number.",
                ))
            }
            (Some(_), false) => {
                return Err(validation_reason(
                    "OWNER_PHONE_UNVERIFIED",
                    "No phoneNumber given and the API key owner's phone is not verified.",
                ))
            }
            (Some(p), true) => p.clone(),
        },
    };
    let media = c.media_urls();
    if media.is_empty() {
        return Err(validation_reason(
            "NO_MEDIA",
            "The container has no media to send.",
        ));
    }
    if !s.sms_provider.available {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "PLATFORM_ERROR",
            "The SMS provider is not configured for this deployment. Retry later.",
        )
        .with_details(json!({ "reason": "SMS_PROVIDER_UNAVAILABLE" })));
    }
    if s.sms_provider.reject_all || phone.ends_with("0000") {
        return Err(ApiError::new(
            StatusCode::BAD_GATEWAY,
            "PLATFORM_ERROR",
            "The SMS provider rejected the message.",
        )
        .with_details(json!({
            "reason": "PROVIDER_REJECTED",
            "providerError": "linq: 400 recipient unreachable (carrier rejected the destination number)",
        })));
    }
    let chat = chat_id(&phone);
    let kind = c.media_kind().unwrap_or("image").to_string();
    let parts = [
        ("media", None, media.clone()),
        (
            "caption",
            Some(c.caption.clone().unwrap_or_default()),
            Vec::new(),
        ),
        ("instructions", Some(instructions(&kind)), Vec::new()),
    ];
    for (n, (k, text, urls)) in parts.into_iter().enumerate() {
        s.sms.push(SmsMessage {
            id: random("sms_"),
            to: phone.clone(),
            provider_chat_id: chat.clone(),
            container_id: c.id.clone(),
            part: (n + 1) as u8,
            kind: k.into(),
            body: text,
            media_urls: urls,
            sent_at: now,
        });
    }
    let last4: String = phone
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    Ok(Json(json!({
        "containerId": c.id,
        "deliveryStatus": "sent",
        "phoneNumberLast4": last4,
        "providerChatId": chat,
        "mediaCount": media.len(),
    })))
}
