#!/usr/bin/env bash
# Debian's PostgreSQL server binaries for the tests of the PostgreSQL store
# (test/support/postgres.ts makes a throwaway cluster under a temporary folder
# with initdb and pg_ctl; no service is started here, none is left running).
# Idempotent: does nothing when /usr/lib/postgresql/*/bin/initdb is there.
# Needs root (CI runs as root) or passwordless sudo; otherwise it says what to run.
set -euo pipefail
have() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; }
if have; then echo "postgresql: $(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")"; exit 0; fi
packages="postgresql"
if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
  echo "rectify setup: the PostgreSQL store's tests need Debian's postgresql; run as root: apt-get update && apt-get install -y $packages" >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "rectify setup: no apt-get here; install PostgreSQL (initdb, pg_ctl) for the PostgreSQL store's tests, or set RECTIFY_PG_BIN to its bin folder" >&2
  exit 0
fi
echo "Installing $packages with apt-get (once)..."
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $packages >/dev/null
echo "postgresql: $(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")"
