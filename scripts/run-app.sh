#!/usr/bin/env bash
# Sets up, builds and opens Layers Desk. Extra arguments go to the app, e.g. `--sandbox` to
# start straight into the built-in Layers emulator with demo data.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup-project.sh
cargo build --release --bin layers-desk
exec ./target/release/layers-desk "$@"
