#!/usr/bin/env bash
# npm run test:container: builds PAR's image with podman (prepare.sh) and checks the real
# container: health 503 then 200, declared ports and user, refused configurations, a clean
# stop, a read-only root filesystem. Each check prints PASS or FAIL; any FAIL fails the run.
set -euo pipefail
cd "$(dirname "$0")/../.."

export PAR_CONTAINER_WORK=${PAR_CONTAINER_WORK:-/var/tmp/par-container}
image=$(bash scripts/container/prepare.sh | tail -1)
export CONTAINERS_CONF="$PAR_CONTAINER_WORK/containers.conf"
export PAR_IMAGE="$image"
node --import tsx test/container/image-checks.ts
echo "test:container finished in ${SECONDS}s"
