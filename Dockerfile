# syntax=docker/dockerfile:1
# One image for all five apps: `docker run IMAGE gateway` (or auth-audit, scheduling, notifications,
# payouts, migrate, await-migrations <service>). docs/deployment.md explains the build and the flags.

# Node LTS, pinned to the exact release the tests run on; bump it here and in .devcontainer together.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# ─── build: every dependency, compile, then drop the dev dependencies ─────────────────────────────
FROM ${NODE_IMAGE} AS build
# A compiler for argon2's binding: its prebuilt one needs Node-API 10, which Node 20 lacks (it crashes on
# load), so its install step builds one from source (docs/development.md, "Install scripts").
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .swcrc ./
RUN npm ci --no-audit --no-fund
COPY apps ./apps
COPY libs ./libs
COPY scripts ./scripts
COPY bench ./bench
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# ─── runtime: production dependencies and dist only, as an unprivileged user ──────────────────────
FROM ${NODE_IMAGE} AS runtime
# tini is PID 1: it forwards SIGTERM to node (which drains, docs/runbooks/rolling-deploy.md) and reaps zombies.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080 \
    NODE_OPTIONS=--enable-source-maps
COPY --from=build --chown=root:root /app/package.json ./package.json
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
# The files belong to root and the process runs as `node` (uid 1000): it cannot change its own code,
# and it writes nothing but /tmp, so the root filesystem can be mounted read-only.
USER 1000:1000
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.HTTP_PORT+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# --heap-growing-percent: the V8 flags `npm start` gives every app too (APP_NODE_FLAGS in
# scripts/platform/processes.ts, ADR 0012): without it an app answering large messages runs a full GC
# every few dozen requests once it has had its first one.
ENTRYPOINT ["/usr/bin/tini", "--", "node", "--heap-growing-percent=100", "dist/scripts/platform/run.js"]
CMD ["gateway"]
