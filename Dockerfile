# ivy-sandbox as a container: `docker build -t ivy-sandbox .`, then
# `docker run -p 4010:4010 -v ivy-data:/data ivy-sandbox [serve options]`.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
# better-sqlite3 downloads a prebuilt binary when it can and compiles itself when it cannot:
# the compiler and Python it then needs stay in this stage.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# node-gyp compiles against the headers the Node image carries instead of downloading them.
ENV npm_config_nodedir=/usr/local
WORKDIR /app
COPY package.json package-lock.json ./
# Only better-sqlite3 needs its install script (the native binding); `prepare` would build
# before the sources are here.
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig*.json ./
COPY scripts/build.mjs scripts/
COPY src src
RUN npm run build && npm prune --omit=dev
# better-sqlite3 loads only build/Release/better_sqlite3.node (all a prebuilt download holds);
# a local compile also leaves 25 MB of objects and SQLite sources.
RUN cd node_modules/better-sqlite3 \
 && mv build/Release/better_sqlite3.node . && rm -rf build deps src \
 && mkdir -p build/Release && mv better_sqlite3.node build/Release/

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    IVY_SANDBOX_HOST=0.0.0.0 \
    IVY_SANDBOX_PORT=4010 \
    IVY_SANDBOX_DB=/data/sandbox.db
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json sandbox.db.example ./
COPY scenarios scenarios
RUN mkdir /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 4010
# The slim base has no curl; Node's fetch asks the keyless health endpoint.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.IVY_SANDBOX_PORT + '/sandbox/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Arguments after the image are serve's options: `docker run IMAGE --scenario always-paid`.
ENTRYPOINT ["node", "dist/cli.js", "serve"]
