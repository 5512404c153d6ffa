//! Opening the shared data folder and connecting the way the app would, with the key from
//! LAYERS_API_KEY (kept in memory) or else the OS keychain.

use std::path::PathBuf;

use layers_core::api::DEFAULT_BASE_URL;
use layers_core::outbox::OutboxConfig;
use layers_core::secrets::{KeyStore, MemoryKeyStore, OsKeychain};
use layers_core::{Desk, DeskError};

/// The app's data folder: the platform data folder and the app's identifier, as Tauri does.
fn default_data_dir() -> Result<PathBuf, DeskError> {
    dirs::data_dir()
        .map(|d| d.join("com.layersdesk.app"))
        .ok_or_else(|| {
            DeskError::invalid(
                "--data-dir",
                "no data folder is known on this system; pass --data-dir",
            )
        })
}

/// The folder given, else the app's own.
pub fn data_dir(given: Option<PathBuf>) -> Result<PathBuf, DeskError> {
    match given {
        Some(d) => Ok(d),
        None => default_data_dir(),
    }
}

/// Where a command's key comes from, and where it may go.
pub struct Credentials {
    pub base_url: String,
    pub key: String,
    /// The key came from the keychain (it is saved back there on connect).
    keychain: bool,
}

/// The key from LAYERS_API_KEY (kept in memory), else the keychain's for the remembered URL.
pub fn credentials(desk: &Desk, base_url: Option<String>) -> Result<Credentials, DeskError> {
    let env_key = std::env::var("LAYERS_API_KEY")
        .ok()
        .filter(|k| !k.trim().is_empty());
    match env_key {
        // A key from the environment goes where this command line says, or to the Layers
        // API itself; never to the URL the data folder remembers, which the app's window
        // (or a script in it) may have set.
        Some(key) => Ok(Credentials {
            base_url: base_url.unwrap_or_else(|| DEFAULT_BASE_URL.to_string()),
            key,
            keychain: false,
        }),
        // The remembered URL only ever gets the key the keychain holds for that same URL.
        None => {
            let base_url = base_url.or(desk.last_base_url()?).ok_or_else(|| {
                DeskError::invalid(
                    "--base-url",
                    "no API base URL: pass --base-url or set LAYERS_BASE_URL",
                )
            })?;
            let base = layers_core::api::parse_base_url(&base_url)?;
            let key = OsKeychain.load(base.as_str())?.ok_or_else(|| {
                DeskError::invalid(
                    "LAYERS_API_KEY",
                    "no API key: set LAYERS_API_KEY or connect once in the app",
                )
            })?;
            Ok(Credentials {
                base_url,
                key: key.expose().to_string(),
                keychain: true,
            })
        }
    }
}

/// The data folder's desk, not connected. Only `sync` sends; every other command reads or
/// edits the queue.
pub fn desk(
    data_dir: Option<PathBuf>,
    retry_cap: Option<std::time::Duration>,
) -> Result<Desk, DeskError> {
    let dir = self::data_dir(data_dir)?;
    // A script has no undo button, so its publish-now plans go out at once.
    let defaults = OutboxConfig::default();
    let config = OutboxConfig {
        undo_window: std::time::Duration::ZERO,
        backoff_cap: retry_cap.unwrap_or(defaults.backoff_cap),
        ..defaults
    };
    let desk = Desk::open(&dir, config)?;
    desk.set_sending(false);
    // A script never posts to a guessed project: with several and none named or used
    // before, connecting lists them and asks for --project.
    desk.set_ask_for_project(true);
    Ok(desk)
}

pub async fn open(
    data_dir: Option<PathBuf>,
    base_url: Option<String>,
    project: Option<String>,
    retry_cap: Option<std::time::Duration>,
) -> Result<Desk, DeskError> {
    let desk = self::desk(data_dir, retry_cap)?;
    let creds = credentials(&desk, base_url)?;
    let memory = MemoryKeyStore::default();
    let keys: &dyn KeyStore = if creds.keychain { &OsKeychain } else { &memory };
    desk.connect(&creds.base_url, &creds.key, false, project.as_deref(), keys)
        .await?;
    // Connecting falls back to another project when the asked one is missing (right for
    // the app's remembered choice); a project named on the command line must exist.
    if let Some(asked) = project {
        let got = desk.status()?.connection.map(|c| c.project_id);
        if got.as_deref() != Some(asked.as_str()) {
            return Err(DeskError::invalid(
                "--project",
                format!("this API key has no project {asked}; run `layers-desk-cli projects` to see its projects"),
            ));
        }
    }
    Ok(desk)
}
