#!/usr/bin/env bash
# Checks the Helm chart: installs helm once (go install into .tools/bin, cached), lints the chart,
# renders it with the default values and with helm/refinery/ci/*.yaml, then runs the chart tests
# (helm/refinery/tests/*.test.mjs, node:test). Idempotent; exits non-zero on the first failure.
# Usage: bash scripts/helm-check.sh
source "$(dirname "$0")/env.sh"
set -euo pipefail

HELM_VERSION="${REFINERY_HELM_VERSION:-v3.22.0}"
CHART_DIR="helm/refinery"
cd "$REFINERY_ROOT"
T0=$(date +%s)

ensure_helm() {
  local bin="$REFINERY_TOOLS_DIR/bin/helm"
  if [ -x "$bin" ]; then
    echo "helm: cached at $bin ($("$bin" version --short 2>/dev/null || echo unknown))"
    return
  fi
  command -v go >/dev/null || { echo "helm-check: helm is missing and Go is not installed to build it" >&2; exit 1; }
  mkdir -p "$REFINERY_TOOLS_DIR/bin"
  echo "helm: go install helm.sh/helm/v3/cmd/helm@$HELM_VERSION (first run only, takes a few minutes)"
  GOBIN="$REFINERY_TOOLS_DIR/bin" go install "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
}

phase_start "helm install"
ensure_helm
export HELM="$REFINERY_TOOLS_DIR/bin/helm"
phase_end

# Keep helm's config/cache/data out of the user's home (nothing is downloaded: no dependencies).
HELM_TMP="$(mktemp -d)"
trap 'rm -rf "$HELM_TMP"' EXIT
export HELM_CONFIG_HOME="$HELM_TMP/config" HELM_CACHE_HOME="$HELM_TMP/cache" HELM_DATA_HOME="$HELM_TMP/data"

ci_values=("$CHART_DIR"/ci/*.yaml)

phase_start "helm lint"
"$HELM" lint --strict "$CHART_DIR"
for f in "${ci_values[@]}"; do
  "$HELM" lint --strict "$CHART_DIR" -f "$f"
done
phase_end

phase_start "helm template"
"$HELM" template refinery "$CHART_DIR" --namespace refinery > "$HELM_TMP/default.yaml"
echo "defaults: $(grep -c '^kind: ' "$HELM_TMP/default.yaml") objects"
for f in "${ci_values[@]}"; do
  "$HELM" template refinery "$CHART_DIR" --namespace refinery -f "$f" > "$HELM_TMP/$(basename "$f")"
  echo "$f: $(grep -c '^kind: ' "$HELM_TMP/$(basename "$f")") objects"
done
phase_end

phase_start "chart tests"
# A directory argument is not expanded by `node --test` on Node 24; pass the glob to node itself.
node --test "$CHART_DIR/tests/*.test.mjs"
phase_end

echo "helm-check: OK ($(( $(date +%s) - T0 ))s)"
