#!/usr/bin/env bash
# Installs the Temporal CLI (dev server + Web UI) into .tools/bin, idempotently.
# Uses a `temporal` already on PATH when there is one; otherwise builds it from
# its Go module (v1.5.1: the newest tag whose module has no replace directive).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/.tools/bin"
mkdir -p "$bin"
if [ -x "$bin/temporal" ]; then echo "temporal CLI: $bin/temporal"; exit 0; fi
if [ -z "${RECTIFY_FORCE_BUILD_TEMPORAL:-}" ] && command -v temporal >/dev/null 2>&1; then
  ln -sf "$(command -v temporal)" "$bin/temporal"
  echo "temporal CLI: using $(command -v temporal)"; exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "rectify setup: Go is needed to build the Temporal CLI (or put a 'temporal' binary on PATH)." >&2
  exit 1
fi
echo "Building the Temporal CLI v1.5.1 from its Go module (a few minutes, once)..."
export GOBIN="$bin" CGO_ENABLED=0
export GOFLAGS="${GOFLAGS:-} -mod=mod"
if ! go install -ldflags "-X github.com/temporalio/cli/temporalcli.Version=1.5.1" \
     github.com/temporalio/cli/cmd/temporal@v1.5.1; then
  echo "Retrying without the checksum database for github.com/temporalio/cli..." >&2
  GONOSUMDB=github.com/temporalio/cli GONOSUMCHECK=1 go install \
    -ldflags "-X github.com/temporalio/cli/temporalcli.Version=1.5.1" \
    github.com/temporalio/cli/cmd/temporal@v1.5.1
fi
echo "temporal CLI: $bin/temporal"
