#!/usr/bin/env bash
# Installs the Debian packages named as arguments that are not installed yet, so a warm machine
# pays nothing. Used by .ci/install-system-packages.sh (what npm test needs) and by
# scripts/container/prepare.sh (what npm run test:container needs). Needs root.
set -euo pipefail

missing=()
for package in "$@"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
    missing+=("$package")
done
if ((${#missing[@]} > 0)); then
  echo "installing: ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi
