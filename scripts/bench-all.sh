#!/usr/bin/env bash
# Runs every benchmark and prints its figures next to its floor and target. BENCHMARKS.md keeps
# the latest figures and says what each one measures.
#
#   ./scripts/bench-all.sh              everything, the release app build included
#   SKIP_APP=1 ./scripts/bench-all.sh   without the release app (binary size, start-up, RSS, list in the window)
#   STANDARD_PLANS=60                   plans for the standard-tier drain (1 a second)
#   SOAK_PLANS=10000                    plans for the soak (partner tier, faults on)
set -euo pipefail
cd "$(dirname "$0")/.."
target_dir=${CARGO_TARGET_DIR:-$PWD/target}
examples=$target_dir/release/examples

echo "== machine: $(nproc) cores; $(uptime)"

cargo build --release -p layers-core --example store_bench --example drain --example soak --example upload_bench --example import_bench \
  -p layers-sandbox --bin layers-sandbox

echo "== store"
"$examples/store_bench"

echo "== drain"
"$examples/drain" 1000 partner 50 1
"$examples/drain" 20 partner 50 50
"$examples/drain" "${STANDARD_PLANS:-60}" standard 50 1

echo "== soak: memory, tasks and connections while draining with faults"
"$examples/soak" "${SOAK_PLANS:-10000}"

echo "== upload: 100 MB through the queue vs a bare PUT, and RSS"
"$examples/upload_bench" 100

echo "== import (1,000-row sheet)"
"$examples/import_bench" 1000

echo "== queue list (ui, jsdom)"
npm --prefix ui exec -- vitest bench --run

if [[ -z "${SKIP_APP:-}" ]]; then
  echo "== release binary"
  npm --prefix ui run build
  cargo build --release --bin layers-desk --example bare-window
  echo "layers-desk release binary: $(stat -c %s "$target_dir/release/layers-desk") bytes"
  echo "bare-window release binary: $(stat -c %s "$target_dir/release/examples/bare-window") bytes"
  echo "== start-up and memory vs a bare window"
  xvfb-run -a -s "-screen 0 1280x800x24" scripts/bench-launch.py "$target_dir"
  echo "== queue list in the app window (10,000 plans vs 50)"
  cargo build --release -p layers-core --example seed_queue
  xvfb-run -a -s "-screen 0 1280x800x24" node scripts/bench-list.mjs "$target_dir"
  echo "== calendar month in the app window (2,001 posts vs 75)"
  xvfb-run -a -s "-screen 0 1280x800x24" node scripts/bench-calendar.mjs "$target_dir"
fi
