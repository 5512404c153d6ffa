//! The closed set of codes an error reaches the UI with. The UI branches on these (never on a
//! field or a message), and the generated TypeScript union makes a renamed code a type error.
//! A code the server sends that is not in this list arrives as `API_ERROR`, with the server's
//! own code kept beside it in `IpcError::api_code`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, strum::VariantArray,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    // Raised on this computer.
    /// Bad input in a named field, or a plan that breaks rules (`details.issues`).
    Validation,
    NotConnected,
    /// The thing is in a state that does not allow the action (a plan the outbox moved on).
    StateConflict,
    NotFound,
    /// Something on this computer could not start or be reached; nothing typed is at fault.
    Unavailable,
    /// The local queue database failed.
    Store,
    Keychain,
    BrowserUnavailable,
    /// A failure inside the app itself (or from Tauri, before a command ran).
    Internal,
    // About the connection to the API.
    /// No HTTP answer: refused, reset, timed out.
    Network,
    /// A 2xx answer whose body is not what the contract says.
    BadResponse,
    /// A 3xx answer; redirects are never followed.
    Redirected,
    /// An error status without the error envelope (5xx / other statuses).
    ServerError,
    HttpError,
    // The API's own codes.
    Unauthenticated,
    Forbidden,
    ForbiddenScope,
    ForbiddenFence,
    Conflict,
    ConflictDuplicateId,
    IdempotencyConflict,
    RequestInProgress,
    RateLimited,
    ApprovalRequired,
    ContentRejected,
    ContentNotReady,
    NoMedia,
    PlatformError,
    ProviderRejected,
    PhoneRequired,
    OwnerPhoneUnverified,
    SmsProviderUnavailable,
    ReturnUrlNotAllowed,
    SocialAccountNotPublishReady,
    /// A code the server sent that this version does not know (see `IpcError::api_code`).
    ApiError,
}

impl ErrorCode {
    /// The code for what the server (or our reading of its answer) said; unknown codes map
    /// to `ApiError`, so a new server code never breaks the UI.
    pub fn from_api(code: &str) -> ErrorCode {
        <ErrorCode as strum::VariantArray>::VARIANTS
            .iter()
            .copied()
            .find(|known| known.as_str() == code)
            .unwrap_or(ErrorCode::ApiError)
    }

    /// The wire spelling, as the UI sees it.
    pub fn as_str(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

/// So a test or a log filter can compare with the wire spelling.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn known_codes_read_back_and_unknown_codes_do_not_fail() {
        for code in [
            ErrorCode::StateConflict,
            ErrorCode::ForbiddenScope,
            ErrorCode::SocialAccountNotPublishReady,
        ] {
            assert_eq!(ErrorCode::from_api(&code.as_str()), code);
        }
        assert_eq!(ErrorCode::StateConflict.as_str(), "STATE_CONFLICT");
        assert_eq!(ErrorCode::from_api("SOMETHING_NEW"), ErrorCode::ApiError);
        assert_eq!(ErrorCode::from_api(""), ErrorCode::ApiError);
    }
}
