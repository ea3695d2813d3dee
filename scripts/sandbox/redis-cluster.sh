#!/usr/bin/env bash
# Throw-away Redis servers for the cache analysis: a three-primary Redis Cluster (one replica each)
# on 127.0.0.1:7001-7006, and a standalone Redis on 6390 for the 1 M-key bench and the lint test.
#   redis-cluster.sh start|stop|status   env: DBW_REDIS_CLUSTER_PORTS ("7001 … 7006"), DBW_REDIS_BENCH_PORT (6390)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
PORTS=${DBW_REDIS_CLUSTER_PORTS:-"7001 7002 7003 7004 7005 7006"}
BASE=${DBW_SANDBOX_DIR:-${TMPDIR:-/tmp}/dbw-sandbox}/redis-cluster
BENCH_PORT=${DBW_REDIS_BENCH_PORT:-6390}
log() { printf '[redis-cluster %s] %s\n' "$(date +%T)" "$*" >&2; }
first=${PORTS%% *}

case "${1:-start}" in
  start)
    command -v redis-server >/dev/null || { log "redis-server not found: apt-get install redis-server"; exit 1; }
    DBW_REDIS_PORT=$BENCH_PORT "$here/redis.sh" start
    if redis-cli -p "$first" cluster info 2>/dev/null | grep -q 'cluster_state:ok'; then log "already running"; exit 0; fi
    for p in $PORTS; do
      mkdir -p "$BASE/$p"
      redis-cli -p "$p" ping >/dev/null 2>&1 && continue
      rm -f "$BASE/$p/nodes.conf"
      redis-server --bind 127.0.0.1 --port "$p" --dir "$BASE/$p" --daemonize yes --pidfile "$BASE/$p/redis.pid" \
        --logfile "$BASE/$p/redis.log" --save '' --appendonly no --cluster-enabled yes \
        --cluster-config-file nodes.conf --cluster-node-timeout 5000
    done
    for p in $PORTS; do for _ in $(seq 1 50); do redis-cli -p "$p" ping >/dev/null 2>&1 && break; sleep 0.1; done; done
    nodes=$(for p in $PORTS; do printf '127.0.0.1:%s ' "$p"; done)
    # shellcheck disable=SC2086
    redis-cli --cluster create $nodes --cluster-replicas 1 --cluster-yes >"$BASE/create.log" 2>&1 || { cat "$BASE/create.log" >&2; exit 1; }
    for _ in $(seq 1 100); do
      redis-cli -p "$first" cluster info | grep -q 'cluster_state:ok' && break
      sleep 0.2
    done
    log "cluster ready on 127.0.0.1:${PORTS// /,}"
    ;;
  stop)
    for p in $PORTS; do redis-cli -p "$p" shutdown nosave >/dev/null 2>&1 || true; done
    rm -rf "$BASE"
    DBW_REDIS_PORT=$BENCH_PORT "$here/redis.sh" stop || true
    log "stopped"
    ;;
  status) redis-cli -p "$first" cluster info | grep cluster_state ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
