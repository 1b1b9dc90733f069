#!/usr/bin/env bash
# Time `strata lint --select LAY001` and `go-arch-lint check` on the same generated layered tree and
# the same .go-arch-lint.yml, and check that they report the same (file, line, import) set.
# Different work (go-arch-lint also checks vendors; strata also reads go.mod/go.work) — it is what a
# user would otherwise run. usage: scripts/bench/lint-vs-go-arch-lint.sh [PACKAGES_PER_LAYER]
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-250}"
tree="$(mktemp -d)/big"
python3 scripts/bench/gen-layered-tree.py "$tree" "$n"
files=$(find "$tree" -name '*.go' | wc -l); bytes=$(find "$tree" -name '*.go' -exec cat {} + | wc -c)
cargo build --release -q -p strata
strata=target/release/strata
gal="${GO_ARCH_LINT:-$(go env GOPATH)/bin/go-arch-lint}"
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
# warm the page cache, then best of 3
"$strata" lint "$tree" --select LAY001 >/dev/null 2>&1 || true
best() { local b=999 x; for _ in 1 2 3; do x=$(t "$@"); b=$(echo "if ($x < $b) $x else $b" | bc); done; echo "$b"; }
ts=$(best "$strata" lint "$tree" --select LAY001 --format json)
tg=$(best "$gal" check --project-path "$tree" --json --max-warnings 32768)
echo "tree: $files files, $bytes bytes"
echo "strata lint --select LAY001: ${ts}s"
echo "go-arch-lint check:          ${tg}s"
echo "ratio go-arch-lint/strata:   $(echo "scale=1; $tg / $ts" | bc)x"
"$strata" lint "$tree" --select LAY001 --format json | python3 scripts/bench/findings.py "$tree" > /tmp/strata.findings || true
"$gal" check --project-path "$tree" --json --max-warnings 32768 | python3 scripts/bench/findings.py > /tmp/gal.findings || true
echo "findings: strata $(wc -l < /tmp/strata.findings), go-arch-lint $(wc -l < /tmp/gal.findings)"
if diff -q /tmp/strata.findings /tmp/gal.findings >/dev/null; then echo "findings agree"; else echo "findings DIFFER:"; diff /tmp/strata.findings /tmp/gal.findings | head -20; exit 1; fi
