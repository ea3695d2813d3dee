#!/usr/bin/env bash
# Starts (or stops) every sandbox server the integration and end-to-end tests use, on loopback:
#   MariaDB 10.11 (DBW_MARIADB_PORT, 3307), Oracle MySQL 9.7 in the sid chroot (DBW_MYSQL_PORT, 3308),
#   Redis (DBW_REDIS_PORT, 6380); and loads the co-writing database into both SQL servers.
#   sandbox.sh start|stop        env: DBW_NO_MYSQL=1 skips MySQL 9.7, DBW_SIZE=small|medium|large
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
shared=${DBW_SHARED_DIR:-$root/../shared}
export DBW_MYSQL_PORT=${DBW_MYSQL_PORT:-3308} MYSQL_PORT=${DBW_MYSQL_PORT:-3308}
export DBW_SANDBOX_DIR=${DBW_SANDBOX_DIR:-${TMPDIR:-/tmp}/dbw-sandbox} MYSQL_CHROOT=${MYSQL_CHROOT:-${TMPDIR:-/tmp}/mysql-sid-chroot}
log() { printf '[sandbox %s] %s\n' "$(date +%T)" "$*" >&2; }

loaded() { # port → true when cowrite is there with data
  mariadb --no-defaults --protocol=TCP -h127.0.0.1 -P"$1" -uroot -N -e 'SELECT COUNT(*) FROM cowrite.users' 2>/dev/null | grep -qv '^0$'
}

case "${1:-start}" in
  start)
    "$here/mariadb.sh" start
    "$here/redis.sh" start
    if [ "${DBW_NO_MYSQL:-0}" != 1 ]; then
      [ -d "$shared/servers/mysql-sid" ] || { log "no $shared/servers/mysql-sid: set DBW_SHARED_DIR or DBW_NO_MYSQL=1"; exit 1; }
      bash "$shared/servers/mysql-sid/setup.sh"
      bash "$shared/servers/mysql-sid/start.sh"
    fi
    for port in ${DBW_MARIADB_PORT:-3307} $([ "${DBW_NO_MYSQL:-0}" = 1 ] || echo "$DBW_MYSQL_PORT"); do
      if loaded "$port"; then log "cowrite already loaded on $port"; else node "$here/load-cowrite.mjs" --port "$port" --size "${DBW_SIZE:-small}"; fi
    done
    "$here/prometheus.sh" start
    "$here/redis-cluster.sh" start
    "$here/replica.sh" start || log "the MariaDB replica did not start: the replica tests will fail, the others run"
    "$here/spider.sh" start || log "the Spider front and shard backends did not start: the shard tests will fail, the others run"
    ;;
  stop)
    "$here/mariadb.sh" stop || true
    "$here/redis.sh" stop || true
    [ "${DBW_NO_MYSQL:-0}" = 1 ] || bash "$shared/servers/mysql-sid/stop.sh" || true
    "$here/prometheus.sh" stop || true
    "$here/redis-cluster.sh" stop || true
    "$here/replica.sh" stop || true
    "$here/spider.sh" stop || true
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
