#!/usr/bin/env bash
# Installs the Debian packages the test suite uses, when they are missing:
#   chromium                 headless browser for the tab and card-gallery tests (never a downloaded browser)
#   fonts-ipafont-gothic     a Japanese font, so screenshots show Japanese text instead of boxes
#   bats, shellcheck, jq     tests and lint of the Linux post-job script
# Needs root (or sudo) and apt-get. Does nothing when everything is there.
set -euo pipefail

declare -A probe=(
  [chromium]='test -x /usr/bin/chromium'
  [fonts-ipafont-gothic]='fc-list 2>/dev/null | grep -qi "IPAGothic\|IPAPGothic\|Noto Sans CJK"'
  [bats]='command -v bats'
  [shellcheck]='command -v shellcheck'
  [jq]='command -v jq'
  [curl]='command -v curl'
  [util-linux]='command -v flock && command -v setsid'
)
missing=()
for pkg in chromium fonts-ipafont-gothic bats shellcheck jq curl util-linux; do
  eval "${probe[$pkg]}" >/dev/null 2>&1 || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); else
    echo "Missing Debian packages: ${missing[*]}. Install them as root: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing packages: ${missing[*]} (no apt-get here; install them with your package manager)" >&2
  exit 1
fi
echo "Installing Debian packages for the tests: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" fontconfig >/dev/null
