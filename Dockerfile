# One image for the API, the worker and the provider simulator; docker-compose.yml picks the
# command per service. Production runs the bundles `pnpm build` writes (scripts/build.ts) on
# plain node: the final stage holds them and the services' production dependencies, and no
# TypeScript source, test, tsx or other devDependency.
#   docker build -t cancelq .
#   docker run --env-file .env -e REDIS_URL=redis://<host>:6379 -p 3000:3000 cancelq   # the API
#   docker run --env-file .env -e REDIS_URL=… cancelq node apps/worker/dist/main.js    # a worker

# Manifests first, so a source change re-runs neither install.
FROM node:22-bookworm-slim AS manifests
RUN npm i -g pnpm@10
WORKDIR /app
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
COPY apps/api/package.json apps/api/
COPY apps/worker/package.json apps/worker/
COPY apps/provider-sim/package.json apps/provider-sim/
COPY apps/cli/package.json apps/cli/
COPY packages/contracts/package.json packages/contracts/
COPY packages/config/package.json packages/config/
COPY packages/queue/package.json packages/queue/
COPY packages/providers/package.json packages/providers/
COPY packages/test-utils/package.json packages/test-utils/
COPY packages/client/package.json packages/client/

FROM manifests AS build
RUN pnpm install --frozen-lockfile
COPY . .
RUN pnpm build

# The bundles inline our packages and import only their own app's dependencies (the build fails
# otherwise), so the three services' production dependencies are all they need at run time.
# scripts/build.test.ts runs this same install before starting the bundles.
FROM manifests AS prod-deps
RUN pnpm install --frozen-lockfile --prod --filter @cancelq/api --filter @cancelq/worker --filter @cancelq/provider-sim

FROM node:22-bookworm-slim
ENV NODE_ENV=production
# Stack traces name src/*.ts lines: the bundles' source maps hold positions, not the source.
ENV NODE_OPTIONS=--enable-source-maps
WORKDIR /app
COPY --from=prod-deps /app ./
COPY --from=build /app/dist dist
COPY --from=build /app/apps/api/dist apps/api/dist
COPY --from=build /app/apps/worker/dist apps/worker/dist
COPY --from=build /app/apps/provider-sim/dist apps/provider-sim/dist
USER node
EXPOSE 3000 3001 4010
# Whichever of the three processes the container runs: scripts/healthcheck.ts asks each one's
# readiness probe on its configured port. Ready means Redis answers (the simulator: it is up).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 CMD ["node", "dist/healthcheck.js"]
CMD ["node", "apps/api/dist/main.js"]
