#!/usr/bin/env bash
# Debian's PostgreSQL server binaries for the tests of the PostgreSQL store
# (runtime/postgres.ts makes a throwaway cluster under a temporary folder
# with initdb and pg_ctl; no service is started here, none is left running).
# Idempotent: does nothing when /usr/lib/postgresql/*/bin/initdb is there.
# Needs root (CI runs as root) or passwordless sudo; otherwise it says what to run.
set -euo pipefail
have() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; }
if have; then echo "postgresql: $(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")"; exit 0; fi
. "$(dirname "$0")/apt-install.sh"
apt_install "the PostgreSQL store's tests need Debian's postgresql (initdb, pg_ctl; or set RECTIFY_PG_BIN to its bin folder)" postgresql || exit 0
echo "postgresql: $(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")"
