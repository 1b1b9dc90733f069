#!/usr/bin/env bash
# What the reference experiment (examples/orders) needs: PostgreSQL 15 server binaries and redis-server
# from Debian. Installed only if missing. The Debian packages would normally start system services;
# the experiment never uses them (harness/db.sh starts private servers on free loopback ports), and in
# containers /usr/sbin/policy-rc.d usually stops them from starting at all.
set -euo pipefail
missing=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)
command -v psql >/dev/null || missing+=(postgresql-client-15)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v curl >/dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "need root to apt-get install ${missing[*]}"; exit 1
  fi
  # run on its own (e.g. from examples/orders/run.sh), 00-apt-update.sh may not have run yet
  [ -e /var/tmp/strata-apt-updated ] || { apt-get update -qq && touch /var/tmp/strata-apt-updated; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
/usr/lib/postgresql/15/bin/postgres --version
redis-server --version
