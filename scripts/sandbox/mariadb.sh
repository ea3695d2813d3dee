#!/usr/bin/env bash
# A throw-away MariaDB (Debian's mariadb-server) on 127.0.0.1 in a temporary directory.
#   mariadb.sh start|stop|status      env: DBW_MARIADB_PORT (3307), DBW_SANDBOX_DIR ($TMPDIR/dbw-sandbox)
#   DBW_MARIADB_NAME (mariadb: the folder prefix), DBW_MARIADB_SERVER_ID (1) and DBW_MARIADB_EXTRA_ARGS
#   (extra server options) let replica.sh start a second server from the same recipe.
# The slow log is on (long_query_time=0, log_slow_verbosity=query_plan,explain) so the digest and
# EXPLAIN tests read a log written by a real server. root@127.0.0.1 has an empty password;
# dbw_test/dbw_test is a second account for wrong-password tests.
set -euo pipefail
PORT=${DBW_MARIADB_PORT:-3307}
BASE=${DBW_SANDBOX_DIR:-${TMPDIR:-/tmp}/dbw-sandbox}/${DBW_MARIADB_NAME:-mariadb}-$PORT
SERVER_ID=${DBW_MARIADB_SERVER_ID:-1}
read -r -a EXTRA <<<"${DBW_MARIADB_EXTRA_ARGS:-}"
DATA=$BASE/data
SOCK=$BASE/mysqld.sock
PID=$BASE/mysqld.pid
log() { printf '[mariadb %s] %s\n' "$(date +%T)" "$*" >&2; }

running() { [ -f "$PID" ] && kill -0 "$(cat "$PID")" 2>/dev/null; }
client() { mariadb --no-defaults --protocol=TCP -h127.0.0.1 -P"$PORT" -uroot "$@"; }

start() {
  command -v mariadbd >/dev/null || { log "mariadbd not found: apt-get install mariadb-server"; exit 1; }
  if running; then log "already running on 127.0.0.1:$PORT"; return 0; fi
  mkdir -p "$BASE"
  # mariadbd runs as the mysql user: it must be able to traverse the sandbox folder (mktemp makes 0700).
  chmod o+x "$(dirname "$BASE")"
  if [ ! -d "$DATA/mysql" ]; then
    log "initialising $DATA"
    rm -rf "$DATA"; mkdir -p "$DATA"; chown -R mysql:mysql "$BASE"
    mariadb-install-db --no-defaults --user=mysql --datadir="$DATA" --auth-root-authentication-method=normal \
      --skip-test-db >"$BASE/install.log" 2>&1 || { cat "$BASE/install.log" >&2; exit 1; }
  fi
  chown -R mysql:mysql "$BASE"
  mariadbd --no-defaults --user=mysql --datadir="$DATA" --port="$PORT" --bind-address=127.0.0.1 \
    --socket="$SOCK" --pid-file="$PID" --log-error="$BASE/error.log" \
    --skip-name-resolve --character-set-server=utf8mb4 --innodb-buffer-pool-size=256M \
    --innodb-flush-log-at-trx-commit=2 --performance-schema=ON --userstat=ON \
    --slow-query-log=ON --slow-query-log-file="$BASE/slow.log" --long-query-time=0 \
    --log-slow-verbosity=query_plan,explain --log-bin="$BASE/binlog" --server-id="$SERVER_ID" ${EXTRA[@]+"${EXTRA[@]}"} >/dev/null 2>&1 &
  for _ in $(seq 1 150); do
    if client -e 'SELECT 1' >/dev/null 2>&1; then break; fi
    sleep 0.2
  done
  client -e 'SELECT 1' >/dev/null 2>&1 || { log "not ready"; tail -20 "$BASE/error.log" >&2; exit 1; }
  client -e "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
             GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
             CREATE USER IF NOT EXISTS 'dbw_test'@'%' IDENTIFIED BY 'dbw_test';
             GRANT ALL ON *.* TO 'dbw_test'@'%';" 2>/dev/null || true
  log "ready on 127.0.0.1:$PORT ($(client -N -e 'SELECT VERSION()')) slow log: $BASE/slow.log"
}

stop() {
  if running; then
    kill "$(cat "$PID")"
    for _ in $(seq 1 100); do running || break; sleep 0.1; done
  fi
  log "stopped"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  purge) stop; rm -rf "$BASE" ;;
  status) running && echo "running 127.0.0.1:$PORT" || { echo "stopped"; exit 1; } ;;
  slowlog) echo "$BASE/slow.log" ;;
  *) echo "usage: $0 start|stop|purge|status|slowlog" >&2; exit 2 ;;
esac
