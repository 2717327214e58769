#!/usr/bin/env bash
# Debian packages the test suite needs. Each is installed only when missing, so a warm machine
# pays nothing. Add a package here together with the test that needs it.
set -euo pipefail

needed=()
# openssl: test/helpers/test-certificates.ts makes a CA and a server certificate at test time,
# and the package-path benchmark makes its local TLS origin's certificate with it.
needed+=(openssl)
# test/transports/ui/ui-browser.test.ts drives Debian's chromium through playwright-core.
needed+=(chromium)

missing=()
for package in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
    missing+=("$package")
done
if ((${#missing[@]} > 0)); then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
