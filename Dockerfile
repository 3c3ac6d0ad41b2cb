# Holocron's cron jobs in a container: Debian cron runs crontab.example against
# the PostgreSQL named by DATABASE_URL (the `postgres` service in docker-compose).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY sql ./sql
# `prepare` compiles TypeScript to dist/; dev dependencies are dropped afterwards.
RUN npm ci && npm prune --omit=dev

FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends cron util-linux ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY sql ./sql
COPY package.json crontab.example ./
COPY docker/entrypoint.sh /usr/local/bin/holocron-entrypoint
RUN ln -s /app/bin/holocron.js /usr/local/bin/holocron \
 && mkdir -p /etc/holocron /var/log/holocron /var/lib/holocron \
 && crontab /app/crontab.example
ENV HOLOCRON_HOME=/var/lib/holocron
VOLUME ["/var/lib/holocron", "/var/log/holocron"]
ENTRYPOINT ["holocron-entrypoint"]
CMD ["cron", "-f"]
