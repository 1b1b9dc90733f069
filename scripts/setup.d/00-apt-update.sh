#!/usr/bin/env bash
# Refresh apt lists once per machine-day, so later setup steps can `apt-get install` by name.
# Each later step installs only what is missing; nothing here is needed for a plain `cargo test`.
set -euo pipefail
stamp=/var/tmp/strata-apt-updated
if [ ! -e "$stamp" ] || [ -n "$(find "$stamp" -mmin +1440 2>/dev/null)" ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && touch "$stamp"
  else
    echo "not root: skipping apt-get update (later steps may need sudo)"
  fi
fi
