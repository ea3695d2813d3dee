#!/usr/bin/env bash
# A throw-away MariaDB replica of the sandbox MariaDB, on 127.0.0.1, replicating only dbw_repl.
#   replica.sh start|stop|purge|status   env: DBW_REPLICA_PORT (3327), DBW_MARIADB_PORT (3307: the primary),
#                                        DBW_SANDBOX_DIR ($TMPDIR/dbw-sandbox); data in $DBW_SANDBOX_DIR/replica-$PORT
# GTID replication (MASTER_USE_GTID=slave_pos) from the primary's position at setup time, so it
# replays no history; replicate_wild_do_table=dbw_repl.% keeps other tests' DDL on the primary
# from breaking it; each test makes its own tables there. Table filters do not apply to stored
# routines and events, so a test creating a procedure in its own database on the primary would stop
# the replica with "Unknown database" (1049): the replica skips that error, and only that one. The monitor's replica tests stop and start its SQL thread.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
PORT=${DBW_REPLICA_PORT:-3327}
PRIMARY=${DBW_MARIADB_PORT:-3307}
log() { printf '[replica %s] %s\n' "$(date +%T)" "$*" >&2; }
server() {
  DBW_MARIADB_PORT="$PORT" DBW_MARIADB_NAME=replica DBW_MARIADB_SERVER_ID="${DBW_REPLICA_SERVER_ID:-$PORT}" \
    DBW_MARIADB_EXTRA_ARGS="--replicate-wild-do-table=dbw_repl.% --slave-skip-errors=1049 --relay-log=relay" \
    "$here/mariadb.sh" "$@"
}
client() { mariadb --no-defaults --protocol=TCP -h127.0.0.1 -P"$1" -uroot "${@:2}"; }

start() {
  client "$PRIMARY" -N -e 'SELECT 1' >/dev/null 2>&1 || { log "no primary MariaDB on 127.0.0.1:$PRIMARY"; exit 1; }
  server start
  # Set up on every start, from the primary's position now: a primary re-initialised since the
  # last start (other GTIDs, other binlogs) cannot leave the replica failing on a position it lacks.
  client "$PRIMARY" -e "CREATE USER IF NOT EXISTS 'dbw_repl'@'127.0.0.1' IDENTIFIED BY 'dbw_repl';
    GRANT REPLICATION SLAVE ON *.* TO 'dbw_repl'@'127.0.0.1';
    CREATE DATABASE IF NOT EXISTS dbw_repl;"
  client "$PORT" -e 'CREATE DATABASE IF NOT EXISTS dbw_repl'
  pos=$(client "$PRIMARY" -N -e 'SELECT @@GLOBAL.gtid_binlog_pos')
  client "$PORT" -e "STOP SLAVE; RESET SLAVE ALL; SET GLOBAL gtid_slave_pos = '$pos';
    CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$PRIMARY, MASTER_USER='dbw_repl',
      MASTER_PASSWORD='dbw_repl', MASTER_CONNECT_RETRY=1, MASTER_USE_GTID=slave_pos;
    START SLAVE;"
  for _ in $(seq 1 100); do
    if client "$PORT" -e 'SHOW SLAVE STATUS\G' | grep -q 'Slave_IO_Running: Yes'; then break; fi
    sleep 0.2
  done
  client "$PORT" -e 'SHOW SLAVE STATUS\G' | grep -q 'Slave_IO_Running: Yes' || {
    log "IO thread not running"; client "$PORT" -e 'SHOW SLAVE STATUS\G' | grep -E 'Last_.*Error' >&2; exit 1; }
  log "replicating dbw_repl from 127.0.0.1:$PRIMARY at GTID $pos"
}

case "${1:-start}" in
  start) start ;;
  stop) server stop ;;
  purge) server purge ;;
  status) server status ;;
  *) echo "usage: $0 start|stop|purge|status" >&2; exit 2 ;;
esac
