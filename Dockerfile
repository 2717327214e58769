# PAR's container image: one generic image for every agent. The agent package is chosen at run
# time (AGENT_PACKAGE_PATH or PACKAGE_URL), never baked in. docs/deployment.md explains every
# choice below and how to build it without an image registry (scripts/container/).

# Any image with Node.js 20.18+ and npm on PATH, at /usr/local/bin or elsewhere.
ARG BASE_IMAGE=node:20-bookworm-slim

# ---- build: compile TypeScript with every dependency, then drop the dev ones ----------------
FROM ${BASE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# Install scripts are not needed (tsc is plain JS); skipping them keeps the build reproducible.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY proto ./proto
COPY examples/hello-agent ./examples/hello-agent
RUN npm run build \
  && npm prune --omit=dev --no-audit --no-fund --ignore-scripts \
  && rm -rf examples/hello-agent/src examples/hello-agent/tsconfig.json

# ---- runtime: production dependencies and compiled code only, owned by root, run as 10001 ----
FROM ${BASE_IMAGE} AS runtime
# The root filesystem may be mounted read-only: PAR writes only below TMPDIR (downloads,
# extracted packages) and PAR_CACHE_DIR (the dependency cache). Mount a writable volume or a
# tmpfs at /tmp; point PAR_CACHE_DIR at a shared volume to keep the cache across containers.
ENV NODE_ENV=production \
  TMPDIR=/tmp \
  HOME=/tmp \
  PAR_CACHE_DIR=/tmp/par-cache
WORKDIR /opt/par
COPY --from=build /src/package.json /src/package-lock.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/proto ./proto
COPY --from=build /src/dist/src ./dist/src
# The bundled example agent, so `docker run -e AGENT_APP_ID=hello IMAGE run examples/hello-agent`
# works with no package at hand. Production tasks name their own package.
COPY --from=build /src/examples/hello-agent ./examples/hello-agent

# A numeric user with no entry in /etc/passwd: Kubernetes' runAsNonRoot can verify it, and no
# file of the image belongs to it, so the runtime cannot change its own code.
USER 10001:10001

# REST (health, invoke, agent routes, multiplexed UI), A2A gRPC, and the UI's own port.
EXPOSE 8080 50051 3000

# Healthy means ready (GET /health answers 200). Node is the only tool the image needs: no curl.
HEALTHCHECK --interval=10s --timeout=5s --start-period=300s --retries=3 \
  CMD ["node", "-e", "require('node:http').get({host:'127.0.0.1',port:process.env.REST_PORT||8080,path:'/health',timeout:4000},(r)=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1)).on('timeout',()=>process.exit(1))"]

# Exec form: node is PID 1 and receives SIGTERM itself; PAR handles it (drain, then exit 0).
ENTRYPOINT ["node", "/opt/par/dist/src/cli/main.js"]
CMD ["run"]
