#!/usr/bin/env bash
# `npm run bench -- <suite>`: bootstrap and build quietly (to stderr), then run the suite. Only
# the suite's JSON lines reach stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh >&2
source scripts/env.sh
nx run-many -t build --outputStyle=static >/dev/null 2>&1 || nx run-many -t build --outputStyle=static >&2
exec node scripts/bench.mjs "$@"
