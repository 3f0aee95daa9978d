# syntax=docker/dockerfile:1
# Multi-stage: compile with dev dependencies, ship only production dependencies and dist/.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# `node dist/sandbox/main.js` (the local CCE sandbox) validates against the contract at runtime.
COPY contract ./contract
# /keys belongs to node so that a named volume mounted there (docker-compose.yml) is writable.
RUN mkdir -p /app/data /keys && chown node:node /app/data /keys
USER node
ENV PORT=4000 ENROLLMENT_JOURNAL_PATH=/app/data/enrollment-journal.jsonl
EXPOSE 4000
# The completion journal must survive restarts: mount a volume here.
VOLUME ["/app/data"]
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/main.js"]
