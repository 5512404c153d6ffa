#!/usr/bin/env bash
# Everything a fresh Debian machine with only Rust, Node.js and gcc needs before building:
# the system packages, the UI's npm packages, and the built UI the app embeds.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup-system.sh
npm ci --prefix ui --no-audit --no-fund
npm run --prefix ui build
