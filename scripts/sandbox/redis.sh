#!/usr/bin/env bash
# A throw-away Redis on 127.0.0.1.   redis.sh start|stop|status   env: DBW_REDIS_PORT (6380)
set -euo pipefail
PORT=${DBW_REDIS_PORT:-6380}
BASE=${DBW_SANDBOX_DIR:-${TMPDIR:-/tmp}/dbw-sandbox}/redis-$PORT
log() { printf '[redis %s] %s\n' "$(date +%T)" "$*" >&2; }
case "${1:-start}" in
  start)
    command -v redis-server >/dev/null || { log "redis-server not found: apt-get install redis-server"; exit 1; }
    mkdir -p "$BASE"
    if redis-cli -h 127.0.0.1 -p "$PORT" ping >/dev/null 2>&1; then log "already running"; exit 0; fi
    redis-server --bind 127.0.0.1 --port "$PORT" --dir "$BASE" --daemonize yes --pidfile "$BASE/redis.pid" \
      --logfile "$BASE/redis.log" --save '' --appendonly no --protected-mode yes
    for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
    log "ready on 127.0.0.1:$PORT"
    ;;
  stop) redis-cli -h 127.0.0.1 -p "$PORT" shutdown nosave >/dev/null 2>&1 || true; log "stopped" ;;
  status) redis-cli -h 127.0.0.1 -p "$PORT" ping ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
