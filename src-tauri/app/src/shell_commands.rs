//! Commands of the shell: the About box and opening links in the system browser.

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
    if !is_openable(&url) {
        return Err(ipc(DeskError::invalid(
            "url",
            "only https links (or http on this machine) are opened",
        )));
    }
    app.opener()
        .open_url(&url, None::<&str>)
        .map_err(|e| IpcError {
            code: "BROWSER_UNAVAILABLE".into(),
            message: format!("the system browser could not be opened ({e}); copy the link instead"),
            retryable: true,
            field: None,
            details: serde_json::Value::Null,
        })
}

fn is_openable(url: &str) -> bool {
    let Ok(u) = url::Url::parse(url) else {
        return false;
    };
    match u.scheme() {
        "https" => u.host_str().is_some(),
        "http" => matches!(u.host_str(), Some("127.0.0.1" | "localhost" | "[::1]")),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_openable;

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
