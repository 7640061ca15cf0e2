#!/usr/bin/env bash
# Runs a command with the bootstrapped toolchain on PATH (no installs).
set -euo pipefail
source "$(dirname "$0")/env.sh"
exec "$@"
