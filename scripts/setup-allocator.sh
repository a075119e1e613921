#!/usr/bin/env bash
# Debian's jemalloc for the worker (libjemalloc2): `rectify worker` runs with
# LD_PRELOAD of it in the service unit, and `npm run bench` runs its workers
# so (docs/runbook.md, "Tuning the worker"). Idempotent: does nothing when the
# library is there. Needs root (CI runs as root) or passwordless sudo;
# otherwise it says what to run (the worker runs without it, on more memory).
set -euo pipefail
find_lib() { for p in /usr/lib/x86_64-linux-gnu /usr/lib/aarch64-linux-gnu /usr/lib64 /usr/lib; do [ -e "$p/libjemalloc.so.2" ] && { echo "$p/libjemalloc.so.2"; return 0; }; done; return 1; }
if lib=$(find_lib); then echo "jemalloc: $lib"; exit 0; fi
. "$(dirname "$0")/apt-install.sh"
apt_install "the worker's allocator for large campaigns is Debian's libjemalloc2" libjemalloc2 || exit 0
echo "jemalloc: $(find_lib)"
