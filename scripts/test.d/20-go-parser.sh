#!/usr/bin/env bash
# strata_go against go/parser, with Go's own tools as oracles (about 1 min):
#  1. testdata: under $GOROOT/src/**/testdata, the set of files strata_go rejects must equal the set
#     `gofmt -e -l` rejects (Go 1.27's gofmt: strata_go follows Go 1.27 syntax, which accepts type
#     parameters on methods). Checked for the Go 1.26 and the Go 1.27 trees.
#  2. tree shape: for every non-testdata file of the Go 1.26 tree, 21 node counts (func decls, calls,
#     composite literals, go statements, selectors, index/instantiations, …) from strata_go's tree must
#     equal those of go/ast (crates/strata_go/oracle/ast_counts.go).
#  3. loader file selection: for the Go 1.26 standard library (module std), the files strata_go::loader
#     keeps for linux/amd64 with cgo equal `go list`'s GoFiles+CgoFiles, package by package (the
#     toolchain's default tags, `go list -f '{{context.ToolTags}}'` such as goexperiment.greenteagc, are
#     passed as extra tags; `builtin` is left out: go list leaves it out of ./...).
# (cargo test -p strata_go runs the "whole stdlib parses with zero errors" test itself.)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/go-toolchains.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The dev profile: cargo test has already built the dev-dependencies there (a release build would
# compile criterion & co. a second time).
cargo build --quiet --locked -p strata_go --example parse_tree --example ast_counts --example load_tree
bin=target/debug/examples

gofmt127="$(go127 env GOROOT)/bin/gofmt"
status=0
for goroot in "$(go126 env GOROOT)" "$(go127 env GOROOT)"; do
  find "$goroot/src" -path '*/testdata/*' -name '*.go' | sort > "$tmp/files"
  # gofmt prints "path:line:col: msg" for each file it cannot parse.
  (xargs "$gofmt127" -e -l < "$tmp/files" > /dev/null) 2>&1 | grep -oE '^[^:]+\.go' | sort -u > "$tmp/gofmt" || true
  xargs "$bin/parse_tree" --list-failing < "$tmp/files" 2> /dev/null | sort -u > "$tmp/strata"
  n=$(wc -l < "$tmp/files"); rejected=$(wc -l < "$tmp/gofmt")
  if diff -u "$tmp/gofmt" "$tmp/strata" > "$tmp/diff"; then
    echo "testdata of $goroot: $n files, the same $rejected rejected by gofmt -e and by strata_go"
  else
    echo "testdata of $goroot: rejected sets differ (- gofmt only, + strata_go only):"; cat "$tmp/diff"; status=1
  fi
done

goroot=$(go126 env GOROOT)
(cd "$tmp" && go126 run "$OLDPWD/crates/strata_go/oracle/ast_counts.go" "$goroot/src") > "$tmp/go_counts"
"$bin/ast_counts" "$goroot/src" > "$tmp/rs_counts"
if diff -u "$tmp/go_counts" "$tmp/rs_counts" > "$tmp/diff"; then
  echo "tree shape: $(wc -l < "$tmp/go_counts") files of $goroot/src, 21 node counts each, identical to go/ast"
else
  echo "tree shape differs from go/ast (- go/ast, + strata_go):"; head -40 "$tmp/diff"; status=1
fi
skip='^builtin:'
tooltags=$(cd "$goroot/src" && GOOS=linux GOARCH=amd64 go126 list -f '{{join context.ToolTags ","}}' runtime)
(cd "$goroot/src" && GOOS=linux GOARCH=amd64 CGO_ENABLED=1 go126 list -e \
  -f '{{.ImportPath}}:{{range .GoFiles}} {{.}}{{end}}{{range .CgoFiles}} {{.}}{{end}}' ./...) 2> /dev/null |
  python3 -c 'import sys
for l in sys.stdin:
    p, _, f = l.strip().partition(":")
    if f.split(): print(p + ": " + " ".join(sorted(f.split())))' | grep -Ev "$skip" > "$tmp/golist"
"$bin/load_tree" "$goroot/src" --list --tags "$tooltags" | sed 's|^std/||' | grep -Ev "$skip" > "$tmp/loader"
if diff -u "$tmp/golist" "$tmp/loader" > "$tmp/diff"; then
  echo "loader: $(wc -l < "$tmp/golist") std packages, the same files as go list for linux/amd64 (cgo)"
else
  echo "loader file selection differs from go list (- go list, + loader):"; head -40 "$tmp/diff"; status=1
fi
exit $status
