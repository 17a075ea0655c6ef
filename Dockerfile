# One image for the API, the worker and the provider simulator; docker-compose.yml picks the
# command per service. TypeScript runs from source through tsx, as in development.
FROM node:20-bookworm-slim AS deps
RUN npm i -g pnpm@10
WORKDIR /app
# Manifests first, so a source change does not re-run the install.
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
RUN pnpm install --frozen-lockfile

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app /app
COPY . .
USER node
EXPOSE 3000 3001 4010
CMD ["node", "--import", "tsx", "apps/api/src/main.ts"]
