#!/usr/bin/env bash
# Prometheus and mysqld_exporter (Debian's packages, not their system services) scraping the
# sandbox MariaDB, in a folder of their own under DBW_SANDBOX_DIR.
#   prometheus.sh start|stop|status     env: DBW_PROMETHEUS_PORT (19090), DBW_EXPORTER_PORT (19104),
#                                            DBW_MARIADB_PORT (3307), DBW_SANDBOX_DIR ($TMPDIR/dbw-sandbox)
# The exporter logs in as dbw_exporter with the grants mysqld_exporter documents (PROCESS,
# REPLICATION CLIENT, SELECT, and SLAVE MONITOR on MariaDB; at most 3 connections). Prometheus scrapes every 2 s and evaluates
# rules every 2 s so tests see an alert within seconds; `rules.yml` in its folder is the file it
# loads (the tests write `dbw alerts export` output there and reload with SIGHUP).
set -euo pipefail
PROM_PORT=${DBW_PROMETHEUS_PORT:-19090}
EXP_PORT=${DBW_EXPORTER_PORT:-19104}
DB_PORT=${DBW_MARIADB_PORT:-3307}
BASE=${DBW_SANDBOX_DIR:-${TMPDIR:-/tmp}/dbw-sandbox}/prometheus-$PROM_PORT
log() { printf '[prometheus %s] %s\n' "$(date +%T)" "$*" >&2; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start() {
  command -v prometheus >/dev/null || { log "prometheus not found: apt-get install prometheus"; exit 1; }
  command -v prometheus-mysqld-exporter >/dev/null || { log "mysqld_exporter not found: apt-get install prometheus-mysqld-exporter"; exit 1; }
  mkdir -p "$BASE/data"
  mariadb --no-defaults --protocol=TCP -h127.0.0.1 -P"$DB_PORT" -uroot -e "
    CREATE USER IF NOT EXISTS 'dbw_exporter'@'127.0.0.1' IDENTIFIED BY 'dbw_exporter' WITH MAX_USER_CONNECTIONS 3;
    GRANT PROCESS, REPLICATION CLIENT, SELECT ON *.* TO 'dbw_exporter'@'127.0.0.1';"
  # MariaDB 10.5+ wants SLAVE MONITOR (not REPLICATION CLIENT) for SHOW SLAVE STATUS.
  mariadb --no-defaults --protocol=TCP -h127.0.0.1 -P"$DB_PORT" -uroot -e "GRANT SLAVE MONITOR ON *.* TO 'dbw_exporter'@'127.0.0.1'" 2>/dev/null || true
  printf '[client]\nuser=dbw_exporter\npassword=dbw_exporter\nhost=127.0.0.1\nport=%s\n' "$DB_PORT" >"$BASE/exporter.cnf"
  chmod 600 "$BASE/exporter.cnf"
  if ! alive "$BASE/exporter.pid"; then
    prometheus-mysqld-exporter --config.my-cnf="$BASE/exporter.cnf" --web.listen-address="127.0.0.1:$EXP_PORT" \
      --collect.global_status --collect.global_variables --collect.slave_status >"$BASE/exporter.log" 2>&1 &
    echo $! >"$BASE/exporter.pid"
  fi
  [ -f "$BASE/rules.yml" ] || printf 'groups: []\n' >"$BASE/rules.yml"
  cat >"$BASE/prometheus.yml" <<YML
global:
  scrape_interval: 2s
  evaluation_interval: 2s
rule_files:
  - $BASE/rules.yml
scrape_configs:
  - job_name: mysql
    static_configs:
      - targets: ['127.0.0.1:$EXP_PORT']
YML
  if ! alive "$BASE/prometheus.pid"; then
    prometheus --config.file="$BASE/prometheus.yml" --storage.tsdb.path="$BASE/data" --web.listen-address="127.0.0.1:$PROM_PORT" \
      --web.enable-lifecycle --storage.tsdb.retention.time=1d >"$BASE/prometheus.log" 2>&1 &
    echo $! >"$BASE/prometheus.pid"
  fi
  for _ in $(seq 1 100); do
    if curl -fsS "http://127.0.0.1:$PROM_PORT/-/ready" >/dev/null 2>&1 && curl -fsS "http://127.0.0.1:$EXP_PORT/metrics" 2>/dev/null | grep -q '^mysql_up 1'; then
      log "ready: Prometheus 127.0.0.1:$PROM_PORT, mysqld_exporter 127.0.0.1:$EXP_PORT → MariaDB :$DB_PORT (rules: $BASE/rules.yml)"
      return 0
    fi
    sleep 0.2
  done
  log "not ready"; tail -5 "$BASE/exporter.log" "$BASE/prometheus.log" >&2; exit 1
}

stop() {
  for p in prometheus exporter; do
    if alive "$BASE/$p.pid"; then
      kill "$(cat "$BASE/$p.pid")"
      for _ in $(seq 1 50); do alive "$BASE/$p.pid" || break; sleep 0.1; done
    fi
    rm -f "$BASE/$p.pid"
  done
  log "stopped"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) alive "$BASE/prometheus.pid" && alive "$BASE/exporter.pid" && echo "running 127.0.0.1:$PROM_PORT" || { echo "stopped"; exit 1; } ;;
  dir) echo "$BASE" ;;
  *) echo "usage: $0 start|stop|status|dir" >&2; exit 2 ;;
esac
