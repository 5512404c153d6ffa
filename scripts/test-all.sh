#!/usr/bin/env bash
# Sets up and runs every check and test: formatting, lints, Rust tests, the UI's type check
# and tests, and the end-to-end test in the real app window under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "set up"
./scripts/setup-project.sh

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Rust tests"
cargo test --workspace --locked

step "the OS keychain (Secret Service in a private D-Bus session, with a throwaway keyring)"
keyring_home=$(mktemp -d)
XDG_DATA_HOME="$keyring_home" dbus-run-session -- sh -c 'printf ci | gnome-keyring-daemon --unlock --components=secrets >/dev/null &&
  cargo test -p layers-core --locked --test keychain -- --ignored'
rm -rf "$keyring_home"

step "UI type check"
npm run --prefix ui check

step "UI tests"
npm test --prefix ui

step "end to end in the app window"
cargo build --locked --bin layers-desk
xvfb-run -a -s "-screen 0 1280x800x24" node --test --test-concurrency=1 tests/e2e/
