#!/usr/bin/env bash
# Makes this machine able to build and run PAR's image with podman, then builds it from the
# repository's Dockerfile. Idempotent: packages, the containers.conf and the local base image
# are made once and reused. Needs root. Prints the image name on its last line.
#
# No image registry is reachable here, so the base image is made locally: a Debian bookworm
# minbase root filesystem (debootstrap) plus this machine's own node and npm, imported with
# `podman import`. On a normal Docker host the Dockerfile's default base
# (node:20-bookworm-slim) is used instead; see docs/deployment.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

image=${PAR_IMAGE:-localhost/par:test}
work=${PAR_CONTAINER_WORK:-/var/tmp/par-container}
mkdir -p "$work"

log() { printf '[%5ss] %s\n' "$SECONDS" "$*" >&2; }

if [[ $(id -u) != 0 ]]; then
  echo 'test:container needs root (rootful podman); run it as root or in CI' >&2
  exit 1
fi

# 1. Debian packages: podman with runc (crun cannot run in this machine's hybrid cgroups).
bash scripts/install-debian-packages.sh podman runc debootstrap

# 2. A private containers.conf: runc, and explicit ulimits (the machine lacks CAP_SYS_RESOURCE,
#    so the runtime's default of raising RLIMIT_NOFILE/NPROC is refused).
conf="$work/containers.conf"
cat >"$conf" <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]
[engine]
runtime = "runc"
CONF
export CONTAINERS_CONF="$conf"

# 3. The local base image, named after the node it carries; made once, then reused.
node_bin=$(readlink -f "$(command -v node)")
npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
base="localhost/par-base:bookworm-node-$("$node_bin" --version)"
if ! podman image exists "$base"; then
  log "making base image $base"
  rootfs="$work/rootfs"
  rm -rf "$rootfs"
  mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  # Laid out like the official node images: node and npm under /usr/local.
  install -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
  mkdir -p "$rootfs/usr/local/lib/node_modules" "$rootfs/usr/local/etc"
  cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  # This machine's CA bundle, so npm in the build stage trusts the same egress as the host.
  mkdir -p "$rootfs/etc/ssl/certs"
  cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
  printf 'cafile=/etc/ssl/certs/ca-certificates.crt\nfund=false\naudit=false\nupdate-notifier=false\n' \
    >"$rootfs/usr/local/etc/npmrc"
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | podman import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["node"]' - "$base" >/dev/null
  rm -rf "$rootfs"
  log "base image ready"
else
  log "reusing base image $base"
fi

# 4. The image, from the same Dockerfile anyone builds. Docker format: OCI images have no
#    HEALTHCHECK, and podman drops it from them.
log "building $image"
podman build --format docker --build-arg "BASE_IMAGE=$base" -t "$image" -f Dockerfile . \
  >"$work/build.log" 2>&1 || { tail -40 "$work/build.log" >&2; exit 1; }
log "built $image"
echo "$image"
