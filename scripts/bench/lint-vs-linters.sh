#!/usr/bin/env bash
# strata lint against the Go linters a user would otherwise run, in one run, on two real trees:
#   (a) the installed Go's standard library ($(go env GOROOT)/src, module std);
#   (b) Gitea v1.26.0 (code.gitea.io/gitea, MIT), a large layered service from the Go module proxy,
#       with scripts/bench/gitea/strata.toml and .go-arch-lint.yml (routers → services → models →
#       modules) copied to its root.
# Tools: strata lint (release build, default rules, both cores; and --select LAY001, the work
# go-arch-lint does), go-arch-lint v1.13.0 (layer imports only), staticcheck v0.8.2 (./...) and
# golangci-lint v2.15.0 (its default linters: errcheck, govet, ineffassign, staticcheck, unused;
# --no-config; on the standard library v2.15.0 stops with a panic in its printf analyzer on
# package unsafe, so its std row is a failed run). DIFFERENT WORK: staticcheck and golangci-lint
# type-check every package and its dependencies and run dataflow analyses; go-arch-lint reads
# imports; strata parses every file and runs its layer, module and AST rules without a type checker.
# It is what a user would otherwise run.
# Each tool runs RUNS times (default 2). Run 1 of staticcheck / golangci-lint starts with an empty
# analysis cache of its own (cold); later runs reuse it (warm). GOCACHE is shared: run 1 of
# staticcheck also compiles the export data (with tests) that it asks `go list -export -test` for,
# unless an earlier build left it there. strata keeps no cache. Prints wall, CPU (user+sys) and peak RSS per run and the ratios to strata, then
# compares strata's LAY001 with go-arch-lint's findings on Gitea (same .go-arch-lint.yml, and strata's
# own strata.toml): they must be the same (file, line) set.
# usage: scripts/bench/lint-vs-linters.sh            (BENCH_DIR=DIR to keep the work dir, RUNS=N,
#        TOOLS="strata strata-LAY001 go-arch-lint" to leave out staticcheck and golangci-lint, whose
#        cold first run takes ~20 min per tree)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
runs="${RUNS:-2}"
tools=" ${TOOLS:-strata strata-LAY001 go-arch-lint staticcheck golangci-lint} "
work="${BENCH_DIR:-$(mktemp -d /tmp/strata-lint-bench.XXXXXX)}"
mkdir -p "$work/out"
export GOTOOLCHAIN=local
gobin="$(go env GOPATH)/bin"

# Tools (idempotent installs; the go command builds them from the module proxy).
if [[ "$tools" == *" staticcheck "* ]] && ! "$gobin/staticcheck" -version 2>/dev/null | grep -q '0.8.2'; then
  GOFLAGS= go install honnef.co/go/tools/cmd/staticcheck@v0.8.2
fi
if [[ "$tools" == *" golangci-lint "* ]] && ! "$gobin/golangci-lint" version 2>/dev/null | grep -q '2.15.0'; then
  GOFLAGS= go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0
fi
bash scripts/setup.d/40-go-arch-lint.sh >/dev/null
cargo build --release -q -p strata
strata="$repo/target/release/strata"

# Trees.
std="$(go env GOROOT)/src"
gitea_dir="$(GOFLAGS= go mod download -json code.gitea.io/gitea@v1.26.0 | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')"
gitea="$work/gitea"
if [ ! -f "$gitea/go.mod" ]; then
  cp -r "$gitea_dir" "$gitea"
  chmod -R u+w "$gitea"
fi
cp scripts/bench/gitea/strata.toml scripts/bench/gitea/.go-arch-lint.yml "$gitea/"
(cd "$gitea" && GOFLAGS= go mod download)
# go-arch-lint on the standard library: one component (it then only reads every import); testdata
# holds files that do not parse.
cat > "$work/std-arch.yml" <<'EOF'
version: 3
workdir: .
excludeFiles:
  - "^.*/testdata/.*$"
allow:
  depOnAnyVendor: true
  deepScan: false
components:
  std: { in: "**" }
deps:
  std: { mayDependOn: [std] }
EOF

tree_facts() {
  local files bytes tests
  files=$(find "$1" -name '*.go' -not -path '*/testdata/*' | wc -l)
  tests=$(find "$1" -name '*_test.go' -not -path '*/testdata/*' | wc -l)
  bytes=$(find "$1" -name '*.go' -not -path '*/testdata/*' -print0 | xargs -0 cat | wc -c)
  echo "$files .go files outside testdata ($tests of them _test.go), $((bytes / 1000000)) MB"
}

results="$work/results.tsv"
: > "$results"
# measure TREE TOOL RUN DIR CMD...: one timed run; output in $work/out/TREE.TOOL.RUN.
measure() {
  local tree=$1 tool=$2 run=$3 dir=$4
  shift 4
  [[ "$tools" == *" $tool "* ]] || return 0
  local out="$work/out/$tree.$tool.$run"
  (cd "$dir" && /usr/bin/time -f '%e %U %S %M' -o "$out.time" "$@" >"$out" 2>"$out.err") || true
  read -r wall user sys rss < <(tail -n 1 "$out.time")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$tree" "$tool" "$run" "$wall" "$(echo "$user + $sys" | bc)" "$rss" >> "$results"
  printf '  %-8s %-14s run %s: %6.2f s wall %7.2f s CPU %6d MB\n' "$tree" "$tool" "$run" "$wall" \
    "$(echo "$user + $sys" | bc)" "$((rss / 1024))" >&2
}

echo "standard library: $(tree_facts "$std")" >&2
echo "gitea v1.26.0:    $(tree_facts "$gitea")" >&2
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for run in $(seq 1 "$runs"); do
  if [ "$run" = 1 ]; then
    rm -rf "$work/cache"
  fi
  export XDG_CACHE_HOME="$work/cache/xdg" GOLANGCI_LINT_CACHE="$work/cache/golangci"
  for tree in std gitea; do
    if [ "$tree" = std ]; then dir="$std"; arch="$work/std-arch.yml"; else dir="$gitea"; arch="$gitea/.go-arch-lint.yml"; fi
    measure "$tree" strata "$run" "$dir" "$strata" lint . --format json
    # The same work as go-arch-lint: layer imports only.
    measure "$tree" strata-LAY001 "$run" "$dir" "$strata" lint . --select LAY001 --format json
    measure "$tree" go-arch-lint "$run" "$dir" "$gobin/go-arch-lint" check --project-path "$dir" \
      --arch-file "$arch" --json --max-warnings 32768
    measure "$tree" staticcheck "$run" "$dir" "$gobin/staticcheck" -f json ./...
    measure "$tree" golangci-lint "$run" "$dir" "$gobin/golangci-lint" run --no-config --timeout 60m \
      --max-issues-per-linter 0 --max-same-issues 0 --output.json.path stdout --show-stats=false ./...
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# Findings per tool (last run) and the table.
python3 - "$results" "$work/out" "$runs" <<'EOF'
import json, sys, collections
results, outdir, runs = sys.argv[1], sys.argv[2], sys.argv[3]
rows = [l.rstrip("\n").split("\t") for l in open(results) if l.strip()]
def findings(tree, tool):
    try:
        text = open(f"{outdir}/{tree}.{tool}.{runs}").read()
    except OSError:
        return "?"
    try:
        if tool.startswith("strata"):
            return str(len(json.loads(text)["diagnostics"]))
        if tool == "go-arch-lint":
            p = json.loads(text)["Payload"]
            return str(len(p.get("ArchWarningsDeps") or []) + len(p.get("ArchWarningsNotMatched") or []))
        if tool == "staticcheck":
            return str(sum(1 for l in text.splitlines() if l.strip()))
        if tool == "golangci-lint":
            line = next(l for l in text.splitlines() if l.startswith("{"))
            return str(len(json.loads(line).get("Issues") or []))
    except Exception:
        return "error"
    return "?"
by = collections.defaultdict(dict)
for tree, tool, run, wall, cpu, rss in rows:
    by[(tree, tool)][run] = (float(wall), float(cpu), int(rss) // 1024)
print("| tree | tool | run | wall s | CPU s | peak RSS MB | wall ÷ strata | CPU ÷ strata | findings |")
print("|---|---|---|---|---|---|---|---|---|")
for tree in ("std", "gitea"):
    base = by[(tree, "strata")]
    best = min(v[0] for v in base.values())
    best_cpu = min(v[1] for v in base.values())
    for tool in ("strata", "strata-LAY001", "go-arch-lint", "staticcheck", "golangci-lint"):
        for run, (wall, cpu, rss) in sorted(by[(tree, tool)].items()):
            label = run
            if tool in ("staticcheck", "golangci-lint"):
                label = f"{run} ({'cold' if run == '1' else 'warm'})"
            print(f"| {tree} | {tool} | {label} | {wall:.2f} | {cpu:.2f} | {rss} | {wall / best:.1f}× | {cpu / best_cpu:.1f}× | {findings(tree, tool)} |")
print("(ratios against the best run of strata with its default rules on the same tree)")
EOF

# Findings: strata's LAY001 against go-arch-lint's on Gitea, with the same .go-arch-lint.yml, and
# with strata's strata.toml (the same mapping).
"$strata" lint "$gitea" --layers "$gitea/.go-arch-lint.yml" --select LAY001 --format json \
  | python3 scripts/bench/findings.py "$gitea" > "$work/strata-archyml.findings" || true
"$strata" lint "$gitea" --select LAY001 --format json \
  | python3 scripts/bench/findings.py "$gitea" > "$work/strata-toml.findings" || true
python3 scripts/bench/findings.py < "$work/out/gitea.go-arch-lint.$runs" > "$work/gal.findings" || true
status=0
for f in strata-archyml strata-toml; do
  if diff -q "$work/$f.findings" "$work/gal.findings" >/dev/null; then
    echo "gitea LAY001 ($f): $(wc -l < "$work/$f.findings") findings, the same as go-arch-lint's"
  else
    echo "gitea LAY001 ($f): $(wc -l < "$work/$f.findings") findings, go-arch-lint $(wc -l < "$work/gal.findings"): DIFFER"
    diff "$work/$f.findings" "$work/gal.findings" | head -20
    status=1
  fi
done
echo "work dir: $work"
exit $status
