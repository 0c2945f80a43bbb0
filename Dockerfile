# syntax=docker/dockerfile:1
# Build: compile TypeScript with the dev dependencies.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build-if-stale.mjs ./scripts/
COPY src ./src
# The app only: the GitHub Action's bundle (dist/action) is not part of the image.
RUN npm run build:app

# Run: production dependencies and the compiled app only, as the unprivileged `node` user.
FROM node:24-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    LOG_FORMAT=json
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` builds with dev tools that this stage does not have (dist/ comes from the build stage).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY app.yml ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "const h=p=>fetch('http://127.0.0.1:'+p+'/health').then(r=>r.ok);h(process.env.PORT||3000).catch(()=>h(process.env.WORKER_PORT||3001)).then(ok=>process.exit(ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/main.js"]
