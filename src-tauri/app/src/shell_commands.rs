//! Commands of the shell: the About box and opening links in the system browser.

use layers_core::error_code::ErrorCode;
use layers_core::model::{AboutInfo, IpcError};
use layers_core::DeskError;
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;

use crate::commands::{ipc, CmdResult};
use crate::startup::Boot;

/// Read from where this run keeps its data, so it answers on the recovery screen too.
#[tauri::command]
pub fn about(app: AppHandle, boot: State<'_, Boot>) -> AboutInfo {
    AboutInfo {
        version: app.package_info().version.to_string(),
        data_dir: boot.data_dir.display().to_string(),
        log_dir: boot.log_dir.display().to_string(),
    }
}

/// Opens a link in the system browser: https anywhere, plain http only on this machine
/// (the sandbox's consent page). Anything else is refused, so a hostile URL from the API
/// can't launch another program.
#[tauri::command]
pub fn open_external(app: AppHandle, url: String) -> CmdResult<()> {
    let Some(url) = openable(&url) else {
        return Err(ipc(DeskError::invalid(
            "url",
            "only https links (or http on this machine) are opened",
        )));
    };
    // The URL as parsed, not the string as given: what was checked is what the browser gets
    // (no stray spaces, control characters or second reading by the opener).
    app.opener()
        .open_url(url.as_str(), None::<&str>)
        .map_err(|e| IpcError {
            code: ErrorCode::BrowserUnavailable,
            api_code: None,
            message: format!("the system browser could not be opened ({e}); copy the link instead"),
            retryable: true,
            field: None,
            details: serde_json::Value::Null,
        })
}

/// The normalised URL when it may be opened.
fn openable(url: &str) -> Option<url::Url> {
    let u = url::Url::parse(url).ok()?;
    let ok = match u.scheme() {
        "https" => u.host_str().is_some(),
        "http" => matches!(u.host_str(), Some("127.0.0.1" | "localhost" | "[::1]")),
        _ => false,
    };
    ok.then_some(u)
}

#[cfg(test)]
mod tests {
    use super::openable;

    fn is_openable(url: &str) -> bool {
        openable(url).is_some()
    }

    #[test]
    fn what_is_opened_is_the_normalised_url() {
        // Leading spaces, a tab inside and an upper-case scheme: the parser's reading is
        // the one opened, never the raw string a shell or opener might read otherwise.
        let u = openable("  HTTPS://Example.COM/a\tb?q=1 ").unwrap();
        assert_eq!(u.as_str(), "https://example.com/ab?q=1");
        assert_eq!(
            openable("https://example.com/a b").unwrap().as_str(),
            "https://example.com/a%20b"
        );
    }

    #[test]
    fn only_https_and_loopback_http_open() {
        assert!(is_openable("https://www.tiktok.com/@x/video/1"));
        assert!(is_openable(
            "http://127.0.0.1:4010/_sandbox/oauth/consent?state=st_1"
        ));
        for bad in [
            "http://example.com/",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "layers-desk://x",
            "ftp://h/x",
            "not a url",
        ] {
            assert!(!is_openable(bad), "{bad} must not open");
        }
    }
}
