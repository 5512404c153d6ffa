//! The one error type of core, and how it is shown to the UI.

use crate::api::ApiError;
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

    pub fn to_ipc(&self) -> IpcError {
        let plain = |code: &str, retryable: bool| IpcError {
            code: code.to_string(),
            message: self.to_string(),
            retryable,
            field: None,
            details: serde_json::Value::Null,
        };
        match self {
            DeskError::Invalid { field, rule } => IpcError {
                code: "VALIDATION".into(),
                message: rule.clone(),
                retryable: false,
                field: Some(field.clone()),
                details: serde_json::Value::Null,
            },
            DeskError::Rules(issues) => {
                let first = issues
                    .iter()
                    .find(|i| i.severity == crate::model::Severity::Error);
                IpcError {
                    code: first.map_or("VALIDATION".into(), |i| i.code.clone()),
                    message: first.map_or_else(String::new, |i| i.message.clone()),
                    retryable: false,
                    field: first.map(|i| i.path.clone()),
                    details: serde_json::json!({ "issues": issues }),
                }
            }
            DeskError::NotConnected => plain("NOT_CONNECTED", false),
            DeskError::Api(e) => e.to_ipc(),
            DeskError::Store(crate::store::StoreError::Conflict { .. })
            | DeskError::Conflict(_) => plain("STATE_CONFLICT", false),
            DeskError::Unavailable(_) => plain("UNAVAILABLE", true),
            DeskError::Store(_) => plain("STORE", false),
            DeskError::Keychain(_) => plain("KEYCHAIN", false),
            DeskError::NotFound(_) => plain("NOT_FOUND", false),
        }
    }
}

impl From<ApiError> for DeskError {
    fn from(e: ApiError) -> Self {
        DeskError::Api(Box::new(e))
    }
}

pub type Result<T, E = DeskError> = std::result::Result<T, E>;
