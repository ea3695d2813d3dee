#!/usr/bin/env bash
# Installs the system packages the tests and sandboxes need (Debian/Ubuntu, as root):
# MariaDB and Redis servers, Chromium for the end-to-end tests, percona-toolkit and mysqltuner
# (the peers we compare against), debootstrap (for the MySQL 9.7 chroot).
set -euo pipefail
PKGS=(mariadb-server mariadb-client redis-server redis-tools chromium percona-toolkit mysqltuner debootstrap prometheus prometheus-mysqld-exporter curl time mydumper mariadb-backup mariadb-plugin-spider sysbench zstd)
missing=()
for p in "${PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -eq 0 ]; then echo "[deps] all system packages present"; exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "[deps] missing: ${missing[*]} — run: sudo $0" >&2
  exit 1
fi
echo "[deps] installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian may start a system MariaDB on install; ours run on their own ports, so it is left alone.
echo "[deps] done"
