#!/usr/bin/env bash
# Takes a PNG of a running worker's status page with headless Chromium (Debian: apt-get install chromium).
# Usage: tools/status-screenshot.sh [URL] [OUT.png]    (defaults: http://127.0.0.1:8080/ and status-page.png)
set -euo pipefail
url="${1:-http://127.0.0.1:8080/}"
out="${2:-status-page.png}"
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [ -z "$browser" ]; then
  echo "error: chromium is not installed (apt-get install chromium)" >&2
  exit 1
fi
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
# --no-sandbox only when running as root, where Chromium refuses its sandbox.
sandbox=()
[ "$(id -u)" -eq 0 ] && sandbox=(--no-sandbox)
"$browser" --headless --disable-gpu "${sandbox[@]}" --user-data-dir="$profile" --window-size=1280,1400 \
  --screenshot="$(realpath -m "$out")" "$url" 2>/dev/null
echo "wrote $out"
