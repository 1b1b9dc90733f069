#!/usr/bin/env bash
# Start or stop a private PostgreSQL 15 + Redis pair for the order services, on 127.0.0.1, with data
# under DIR (never a system service, never the default ports).
#
#   harness/db.sh start DIR   initdb, start both, load sql/schema.sql + sql/seed.sql, write DIR/env
#   harness/db.sh stop DIR    stop what `start DIR` started
#
# DIR/env holds ORDERS_PG_URL and ORDERS_REDIS_ADDR (shell syntax, `source`-able).
# Binaries: Debian's postgresql-15 (/usr/lib/postgresql/15/bin) and redis-server; install them with
# scripts/setup.d/20-orders-services.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"

die() { echo "db.sh: $*" >&2; exit 1; }

# shellcheck source=ports.sh
. "$here/harness/ports.sh"

# as_pg CMD...: run a PostgreSQL server binary as a non-root user (postgres refuses to run as root).
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local dir="$1"
  [ -x "$PGBIN/initdb" ] || die "$PGBIN/initdb not found (apt-get install postgresql-15)"
  command -v redis-server >/dev/null || die "redis-server not found (apt-get install redis-server)"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  chmod 755 "$dir"
  if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$dir"; then
    die "$dir is not reachable by the postgres user (a parent directory is private); use another DIR"
  fi
  local pgport redisport
  free_port || die "no free port found"; pgport=$REPLY
  free_port || die "no free port found"; redisport=$REPLY

  mkdir -p "$dir/pg" "$dir/redis"
  [ "$(id -u)" = 0 ] && chown postgres "$dir/pg"
  as_pg "$PGBIN/initdb" -D "$dir/pg/data" -U orders --auth=trust -E UTF8 --no-locale >"$dir/pg/initdb.log" 2>&1 \
    || { cat "$dir/pg/initdb.log" >&2; die "initdb failed"; }
  cat >>"$dir/pg/data/postgresql.conf" <<CONF
# strata reference experiment: private server on loopback
listen_addresses = '127.0.0.1'
port = $pgport
unix_socket_directories = ''
max_connections = 100
shared_buffers = 128MB
# durability is not under test: keep disk flushes out of the latency numbers
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
  as_pg "$PGBIN/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/data/server.log" -w -t 60 start >/dev/null \
    || { cat "$dir/pg/data/server.log" >&2; die "postgres did not start"; }

  redis-server --bind 127.0.0.1 --port "$redisport" --dir "$dir/redis" --save '' --appendonly no \
    --daemonize yes --pidfile "$dir/redis/redis.pid" --logfile "$dir/redis/redis.log" \
    || die "redis-server did not start"

  local psql=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pgport" -U orders)
  "${psql[@]}" -d postgres -c 'CREATE DATABASE orders' >/dev/null
  "${psql[@]}" -d orders -f "$here/sql/schema.sql" >/dev/null
  "${psql[@]}" -d orders -f "$here/sql/seed.sql" >/dev/null

  for _ in $(seq 50); do
    redis-cli -h 127.0.0.1 -p "$redisport" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  cat >"$dir/env" <<ENV
ORDERS_PG_URL=postgres://orders@127.0.0.1:$pgport/orders?sslmode=disable
ORDERS_REDIS_ADDR=127.0.0.1:$redisport
ENV
  cat "$dir/env"
}

stop() {
  local dir="$1"
  if [ -f "$dir/redis/redis.pid" ]; then
    kill "$(cat "$dir/redis/redis.pid")" 2>/dev/null || true
    rm -f "$dir/redis/redis.pid"
  fi
  if [ -f "$dir/pg/data/postmaster.pid" ]; then
    as_pg "$PGBIN/pg_ctl" -D "$dir/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
}

case "${1:-}" in
  start) [ $# = 2 ] || die "usage: db.sh start DIR"; start "$2" ;;
  stop) [ $# = 2 ] || die "usage: db.sh stop DIR"; stop "$2" ;;
  *) die "usage: db.sh start|stop DIR" ;;
esac
