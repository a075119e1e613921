#!/usr/bin/env bash
# Debian's chromium (and a Chinese font) for the tests that render documents
# the way a reader sees them (playwright-core drives it; no browser download).
# Idempotent: does nothing when /usr/bin/chromium and the font are there.
# Needs root (CI runs as root) or passwordless sudo; otherwise it says what to run.
set -euo pipefail
have_font() { fc-list :lang=zh 2>/dev/null | grep -q . ; }
if [ -x /usr/bin/chromium ] && have_font; then echo "browser: /usr/bin/chromium"; exit 0; fi
. "$(dirname "$0")/apt-install.sh"
apt_install "the document tests need Debian's chromium at /usr/bin/chromium and a Chinese font" chromium fonts-wqy-microhei || exit 0
echo "browser: /usr/bin/chromium"
