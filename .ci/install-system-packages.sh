#!/usr/bin/env bash
# Debian packages the test suite needs, each installed only when missing. Add a package here
# together with the test that needs it.
set -euo pipefail

needed=()
# openssl: test/helpers/test-certificates.ts makes a CA and a server certificate at test time,
# and the package-path benchmark makes its local TLS origin's certificate with it.
needed+=(openssl)
# test/transports/ui/ui-browser.test.ts drives Debian's chromium through playwright-core.
needed+=(chromium)

bash "$(dirname "$0")/../scripts/install-debian-packages.sh" "${needed[@]}"
