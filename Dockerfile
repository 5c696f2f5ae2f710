# syntax=docker/dockerfile:1
# The bot as a container: build stage compiles TypeScript to dist/, runtime stage runs it as a
# non-root user with production dependencies only. Start: `npm run start:prod` (NODE_ENV=production).
# Configuration comes from the environment (see .env.example and docs/drift.md); nothing secret is baked in.

# ---- build: everything from the lock file, Prisma client generated, TypeScript compiled ----
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# prisma.config.ts and prisma/ are needed by the postinstall `prisma generate`.
COPY prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY dialogs ./dialogs
COPY scripts ./scripts
RUN npm run build

# ---- runtime ----
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3978 \
    DATA_DIR=/app/data
WORKDIR /app
COPY package.json package-lock.json ./
# `--ignore-scripts`: package.json's postinstall runs `prisma generate`, but the prisma CLI is a
# devDependency and is not installed here, so the script would fail. The generated client does not
# need it: it is already compiled into dist/src/generated/prisma by the build stage (npm run build
# copies it there), and it only needs @prisma/client's runtime, which is a production dependency.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Read at run time, found from dist/ by walking up to package.json: content, card images, migrations.
COPY content ./content
COPY public ./public
COPY prisma/migrations ./prisma/migrations
# The embedded database is for development; production uses DATABASE_URL (PostgreSQL). DATA_DIR
# stays writable for the node user anyway.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Node as PID 1 receives SIGTERM directly (no npm wrapper), so the bot finishes in-flight turns and
# closes the database before the container stops. The same node flags as start:prod and npm start
# (test/production/deployment-files.test.ts): with a 512 MB heap limit V8 grows the heap to ~1.4× what
# is live instead of up to 4× on a large machine, which halves the RSS after a burst (README, Performance).
# Two V8 worker threads instead of four: each thread that compiles keeps its own malloc arena, and at start
# they tier PGlite's Postgres up to optimised code at once (PGlite alone, after open: arenas 74 → 50 MB);
# embedded bot after 1 000 conversations 373 → 349 MB (medians). One thread saves a little more but cost CPU
# per turn and p99 in the bench; two did not (README, Performance).
CMD ["node", "--max-old-space-size=512", "--v8-pool-size=2", "dist/src/index.js"]
