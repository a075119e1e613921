#!/usr/bin/env bash
# Sourced by the setup scripts: apt_install WHAT PACKAGE... installs Debian
# packages once with apt-get, as root (CI) or with passwordless sudo; otherwise
# it says what to run and returns 1 (the setup goes on: only tests need them).
apt_install() {
  local what="$1"; shift
  local sudo
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
    echo "rectify setup: $what; run as root: apt-get update && apt-get install -y --no-install-recommends $*" >&2
    return 1
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "rectify setup: no apt-get here; $what: install $*" >&2
    return 1
  fi
  echo "Installing $* with apt-get (once)..."
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
