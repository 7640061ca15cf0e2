#!/usr/bin/env bash
# The whole test suite on a fresh clone: bootstrap (Node 24, npm ci, nats-server, redis-server,
# FerretDB), build, lint, type-check the tests, unit tests, integration tests against real
# processes, and the web app's component tests. Prints the time of each phase.
# Usage: npm test [-- build|lint|unit|integration|helm|web]   (no argument = everything)
set -euo pipefail
cd "$(dirname "$0")/.."
T0=$(date +%s)
phase_bootstrap_start=$(date +%s)
bash scripts/bootstrap.sh
source scripts/env.sh
echo "<== bootstrap: $(( $(date +%s) - phase_bootstrap_start ))s"

only="${1:-all}"
export NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules --no-warnings=ExperimentalWarning"
RESULTS=.test-results
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
JEST_ARGS=(--ci)
[ "${CI:-}" = "true" ] && JEST_ARGS+=(--silent=false)

on_failure() {
  local logs=.test-infra/last-run/logs
  if [ -d "$logs" ]; then
    echo "---- infrastructure logs ($logs) ----"
    for f in "$logs"/*.log; do echo "== $f"; tail -n 40 "$f"; done
  fi
}
trap 'status=$?; [ $status -ne 0 ] && on_failure; exit $status' EXIT

if [ "$only" = all ] || [ "$only" = build ] || [ "$only" = lint ] || [ "$only" = unit ] || [ "$only" = integration ] || [ "$only" = web ]; then
  phase_start build
  nx run-many -t build --outputStyle=static
  phase_end
fi

if [ "$only" = all ] || [ "$only" = lint ]; then
  phase_start lint
  nx run-many -t lint --outputStyle=static
  tsc -p tsconfig.spec.json
  phase_end
fi

if [ "$only" = all ] || [ "$only" = unit ]; then
  phase_start "unit tests"
  jest -c jest.unit.config.mjs "${JEST_ARGS[@]}" --json --outputFile="$RESULTS/unit.json"
  phase_end
fi

if [ "$only" = all ] || [ "$only" = integration ]; then
  phase_start "integration tests"
  jest -c jest.int.config.mjs "${JEST_ARGS[@]}" --json --outputFile="$RESULTS/integration.json"
  phase_end
fi

if [ "$only" = all ] || [ "$only" = helm ]; then
  phase_start "helm chart"
  bash scripts/helm-check.sh 2>&1 | tee "$RESULTS/helm.log"
  phase_end
fi

if [ "$only" = all ] || [ "$only" = web ]; then
  phase_start "web component tests"
  nx run @refinery/web:test --outputStyle=static 2>&1 | tee "$RESULTS/web.log"
  phase_end
fi

echo "<== npm test (${only}): $(( $(date +%s) - T0 ))s"
node scripts/test-summary.mjs "$RESULTS"
