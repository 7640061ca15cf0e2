#!/usr/bin/env bash
# `npm start`: bootstrap the toolchain, build everything, start the local stack.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
source scripts/env.sh
if [ "${REFINERY_SKIP_BUILD:-0}" != 1 ]; then
  phase_start build
  nx run-many -t build --outputStyle=static >/dev/null || nx run-many -t build --outputStyle=static
  phase_end
fi
exec node scripts/stack.mjs
