//! The real OS keychain (Secret Service on Linux). Ignored by default because it needs a
//! D-Bus session with an unlocked keyring; `scripts/test-all.sh` provides one and runs it.

use layers_core::api::ApiKey;
use layers_core::secrets::{KeyStore, OsKeychain};

#[test]
#[ignore = "needs a Secret Service; scripts/test-all.sh runs it under dbus-run-session"]
fn the_key_round_trips_through_the_os_keychain_and_is_deleted() {
    let base = format!("https://keychain-test-{}.invalid/", uuid::Uuid::new_v4());
    let key = ApiKey::parse("lp_test_keychaintest_0123456789").unwrap();
    let keychain = OsKeychain;
    assert_eq!(keychain.load(&base).unwrap(), None);
    keychain.save(&base, &key).unwrap();
    assert_eq!(keychain.load(&base).unwrap(), Some(key));
    keychain.delete(&base).unwrap();
    assert_eq!(keychain.load(&base).unwrap(), None);
}
