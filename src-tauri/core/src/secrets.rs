//! The API key lives in the OS keychain and nowhere else.

use crate::api::ApiKey;
use crate::error::DeskError;

const SERVICE: &str = "layers-desk";

/// Where API keys are kept. The app uses the OS keychain; tests use an in-memory store.
pub trait KeyStore: Send + Sync {
    fn load(&self, base_url: &str) -> Result<Option<ApiKey>, DeskError>;
    fn save(&self, base_url: &str, key: &ApiKey) -> Result<(), DeskError>;
    fn delete(&self, base_url: &str) -> Result<(), DeskError>;
}

/// The OS keychain (Secret Service on Linux, Keychain on macOS, Credential Manager on
/// Windows), one entry per API base URL.
pub struct OsKeychain;

fn entry(base_url: &str) -> Result<keyring::Entry, DeskError> {
    keyring::Entry::new(SERVICE, base_url).map_err(keychain_error)
}

// keyring's errors describe the platform failure and never include the secret.
fn keychain_error(e: keyring::Error) -> DeskError {
    DeskError::Keychain(e.to_string())
}

impl KeyStore for OsKeychain {
    fn load(&self, base_url: &str) -> Result<Option<ApiKey>, DeskError> {
        match entry(base_url)?.get_password() {
            Ok(k) => ApiKey::parse(&k).map(Some),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keychain_error(e)),
        }
    }

    fn save(&self, base_url: &str, key: &ApiKey) -> Result<(), DeskError> {
        entry(base_url)?
            .set_password(key.expose())
            .map_err(keychain_error)
    }

    fn delete(&self, base_url: &str) -> Result<(), DeskError> {
        match entry(base_url)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keychain_error(e)),
        }
    }
}

/// Keeps keys in memory only: for tests, and for a session that must not touch the keychain.
#[derive(Default)]
pub struct MemoryKeyStore(std::sync::Mutex<std::collections::HashMap<String, ApiKey>>);

impl KeyStore for MemoryKeyStore {
    fn load(&self, base_url: &str) -> Result<Option<ApiKey>, DeskError> {
        Ok(self.lock().get(base_url).cloned())
    }

    fn save(&self, base_url: &str, key: &ApiKey) -> Result<(), DeskError> {
        self.lock().insert(base_url.to_string(), key.clone());
        Ok(())
    }

    fn delete(&self, base_url: &str) -> Result<(), DeskError> {
        self.lock().remove(base_url);
        Ok(())
    }
}

impl MemoryKeyStore {
    fn lock(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, ApiKey>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}
