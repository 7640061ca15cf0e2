# shellcheck shell=bash
# Sourced by every entry script: puts the bootstrapped Node 24 and the infrastructure binaries on
# PATH and points native-module builds at Node 24's headers. It never installs anything.
REFINERY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REFINERY_ROOT
export REFINERY_TOOLS_DIR="${REFINERY_TOOLS_DIR:-$REFINERY_ROOT/.tools}"
export REFINERY_NODE_VERSION="${REFINERY_NODE_VERSION:-24.21.0}"
export REFINERY_FERRETDB_VERSION="v1.24.2"
export REFINERY_NATS_VERSION="v2.15.2"

node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

REFINERY_NODE_HOME=""
if [ -x "$REFINERY_TOOLS_DIR/node/bin/node" ]; then
  REFINERY_NODE_HOME="$REFINERY_TOOLS_DIR/node"
elif command -v node >/dev/null 2>&1 && [ "$(node_major node)" -ge 24 ]; then
  REFINERY_NODE_HOME="$(dirname "$(dirname "$(command -v node)")")"
fi
export REFINERY_NODE_HOME
if [ -n "$REFINERY_NODE_HOME" ]; then
  export PATH="$REFINERY_NODE_HOME/bin:$PATH"
  # The machine's user-level npmrc points nodedir at Node 20's headers.
  export npm_config_nodedir="$REFINERY_NODE_HOME"
fi
export PATH="$REFINERY_ROOT/node_modules/.bin:$REFINERY_TOOLS_DIR/bin:$PATH"
export NX_DAEMON="${NX_DAEMON:-false}"
export NX_NO_CLOUD=true
export NX_TUI=false
export ONNXRUNTIME_NODE_INSTALL=skip
export REFINERY_DATA_DIR="${REFINERY_DATA_DIR:-$REFINERY_ROOT/.data}"
export REFINERY_SHARED_DATA_DIR="${REFINERY_SHARED_DATA_DIR:-$(cd "$REFINERY_ROOT/.." && pwd)/shared/data}"

phase_start() { PHASE_NAME="$1"; PHASE_T0=$(date +%s); echo "==> $1"; }
phase_end() { echo "<== ${PHASE_NAME}: $(( $(date +%s) - PHASE_T0 ))s"; }
