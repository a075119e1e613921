#!/usr/bin/env bash
# Debian's chromium (and a Chinese font) for the tests that render documents
# the way a reader sees them (playwright-core drives it; no browser download).
# Idempotent: does nothing when /usr/bin/chromium and the font are there.
# Needs root (CI runs as root) or passwordless sudo; otherwise it says what to run.
set -euo pipefail
have_font() { fc-list :lang=zh 2>/dev/null | grep -q . ; }
if [ -x /usr/bin/chromium ] && have_font; then echo "browser: /usr/bin/chromium"; exit 0; fi
packages="chromium fonts-wqy-microhei"
if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
  echo "rectify setup: the document tests need Debian's chromium; run as root: apt-get update && apt-get install -y $packages" >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "rectify setup: no apt-get here; install chromium at /usr/bin/chromium and a Chinese font for the document tests" >&2
  exit 0
fi
echo "Installing $packages with apt-get (once)..."
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $packages >/dev/null
echo "browser: /usr/bin/chromium"
