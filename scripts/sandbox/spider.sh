#!/usr/bin/env bash
# Two MariaDB shard backends and one MariaDB Spider front (Debian's mariadb-plugin-spider), on 127.0.0.1,
# for the shard planner's Spider export and the migration tests.
#   spider.sh start|stop|purge|status   env: DBW_SPIDER_PORT (3340: the front), DBW_SHARD_PORTS ("3341 3342":
#                                       the backends), DBW_SANDBOX_DIR ($TMPDIR/dbw-sandbox)
# Each server is scripts/sandbox/mariadb.sh's recipe (folders spider-$PORT and shard-$PORT); the front
# loads ha_spider. Tests create and drop their own dbw_shard_* databases on all three.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
FRONT=${DBW_SPIDER_PORT:-3340}
read -r -a SHARDS <<<"${DBW_SHARD_PORTS:-3341 3342}"
log() { printf '[spider %s] %s\n' "$(date +%T)" "$*" >&2; }
client() { mariadb --no-defaults --protocol=TCP -h127.0.0.1 -P"$1" -uroot "${@:2}"; }
server() { # port name action
  DBW_MARIADB_PORT="$1" DBW_MARIADB_NAME="$2" DBW_MARIADB_SERVER_ID="$1" \
    DBW_MARIADB_EXTRA_ARGS="${4:-}" "$here/mariadb.sh" "$3"
}

start() {
  for p in "${SHARDS[@]}"; do server "$p" shard start; done
  server "$FRONT" spider start "--plugin-load-add=ha_spider"
  # The plugin creates its system tables on first load; INSTALL covers a datadir made before it was loaded.
  if ! client "$FRONT" -N -e "SELECT 1 FROM information_schema.ENGINES WHERE ENGINE = 'SPIDER' AND SUPPORT IN ('YES','DEFAULT')" | grep -q 1; then
    client "$FRONT" -e "INSTALL SONAME 'ha_spider'"
  fi
  log "Spider front on 127.0.0.1:$FRONT, shard backends on ${SHARDS[*]}"
}

stop() {
  server "$FRONT" spider "$1" || true
  for p in "${SHARDS[@]}"; do server "$p" shard "$1" || true; done
}

case "${1:-start}" in
  start) start ;;
  stop) stop stop ;;
  purge) stop purge ;;
  status) server "$FRONT" spider status && for p in "${SHARDS[@]}"; do server "$p" shard status; done ;;
  *) echo "usage: $0 start|stop|purge|status" >&2; exit 2 ;;
esac
