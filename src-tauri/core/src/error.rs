//! The one error type of core, and how it is shown to the UI.

use crate::api::ApiError;
use crate::error_code::ErrorCode;
use crate::model::IpcError;

#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    /// Bad input the user can fix in the named field.
    #[error("{field}: {rule}")]
    Invalid { field: String, rule: String },
    /// The plan breaks one or more rules; each issue names its field.
    #[error("{}", .0.iter().find(|i| i.severity == crate::model::Severity::Error).map(|i| format!("{}: {}", i.path, i.message)).unwrap_or_default())]
    Rules(Vec<crate::model::Issue>),
    #[error("not connected: connect with an API key or try the sandbox first")]
    NotConnected,
    /// Boxed: an API error carries details, and most results never hold one.
    #[error("{0}")]
    Api(Box<ApiError>),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("keychain: {0}")]
    Keychain(String),
    #[error("{0} not found")]
    NotFound(String),
    /// The thing asked for is in a state that does not allow it (a plan the outbox moved on).
    #[error("{0}")]
    Conflict(String),
    /// Something on this computer could not start or be reached (the sandbox, the page
    /// sign-ins return to); nothing the user typed is at fault.
    #[error("{0}")]
    Unavailable(String),
    /// A fault in the app itself (a value it could not encode); not the user's doing.
    #[error("internal error: {0}")]
    Internal(String),
}

impl DeskError {
    pub fn invalid(field: &str, rule: impl Into<String>) -> Self {
        DeskError::Invalid {
            field: field.to_string(),
            rule: rule.into(),
        }
    }

    pub fn conflict(why: impl Into<String>) -> Self {
        DeskError::Conflict(why.into())
    }

    pub fn unavailable(why: impl Into<String>) -> Self {
        DeskError::Unavailable(why.into())
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        DeskError::NotFound(what.into())
    }

    pub fn to_ipc(&self) -> IpcError {
        let plain = |code: ErrorCode, retryable: bool| IpcError {
            code,
            api_code: None,
            message: self.to_string(),
            retryable,
            field: None,
            details: serde_json::Value::Null,
        };
        match self {
            DeskError::Invalid { field, rule } => IpcError {
                field: Some(field.clone()),
                message: rule.clone(),
                ..plain(ErrorCode::Validation, false)
            },
            // The rule codes stay in `details.issues`; the error itself is a validation one.
            DeskError::Rules(issues) => {
                let first = issues
                    .iter()
                    .find(|i| i.severity == crate::model::Severity::Error);
                IpcError {
                    message: first.map_or_else(String::new, |i| i.message.clone()),
                    field: first.map(|i| i.path.clone()),
                    details: serde_json::json!({ "issues": issues }),
                    ..plain(ErrorCode::Validation, false)
                }
            }
            DeskError::NotConnected => plain(ErrorCode::NotConnected, false),
            DeskError::Api(e) => e.to_ipc(),
            DeskError::Store(crate::store::StoreError::Conflict { .. })
            | DeskError::Conflict(_) => plain(ErrorCode::StateConflict, false),
            DeskError::Unavailable(_) => plain(ErrorCode::Unavailable, true),
            DeskError::Store(_) => plain(ErrorCode::Store, false),
            DeskError::Keychain(_) => plain(ErrorCode::Keychain, false),
            DeskError::NotFound(_) => plain(ErrorCode::NotFound, false),
            DeskError::Internal(_) => plain(ErrorCode::Internal, false),
        }
    }
}

impl From<ApiError> for DeskError {
    fn from(e: ApiError) -> Self {
        DeskError::Api(Box::new(e))
    }
}

pub type Result<T, E = DeskError> = std::result::Result<T, E>;
