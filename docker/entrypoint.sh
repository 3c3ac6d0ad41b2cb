#!/bin/sh
# Cron starts jobs with an empty environment, so hand the container's settings to
# them through the env file that crontab.example passes to `holocron --env`.
set -eu
umask 077
: > /etc/holocron/holocron.env
for name in DATABASE_URL HOLOCRON_HOME BLIZZARD_CLIENT_ID BLIZZARD_CLIENT_SECRET BLIZZARD_OAUTH_URL BLIZZARD_API_URL; do
  eval "value=\${$name:-}"
  [ -n "$value" ] && printf '%s=%s\n' "$name" "$value" >> /etc/holocron/holocron.env
done
# Fail fast on a bad configuration instead of failing every hour in the log.
holocron --env /etc/holocron/holocron.env db migrate
exec "$@"
