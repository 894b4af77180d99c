#!/usr/bin/env bash
# Installs the Debian packages Parley needs, only when something is missing.
# Usage: scripts/install-deps.sh [build|test]
set -euo pipefail
mode="${1:-build}"
packages=(pkg-config libsqlite3-dev libsodium-dev libmicrohttpd-dev libcurl4-openssl-dev sqlite3)
# The end-to-end tests drive a real browser; the SMTP tests need openssl for a throwaway certificate.
[ "$mode" = "test" ] && packages+=(chromium chromium-driver fonts-noto-core openssl)
[ "$mode" = "bench" ] && packages+=(wrk)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ "$mode" = "test" ]; then
  requirements="$(dirname "$0")/../tests/e2e/requirements.txt"
  if ! python3 -c "import pytest, selenium, requests, schemathesis, aiosmtpd" 2>/dev/null; then
    python3 -m pip install -q -r "$requirements"
  fi
fi
if ! command -v swift >/dev/null 2>&1; then
  echo "error: the Swift toolchain (swift 6.x) must be on PATH" >&2
  exit 1
fi
