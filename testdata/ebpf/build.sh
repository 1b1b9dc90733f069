#!/usr/bin/env bash
# Build the eBPF test service (testdata/ebpf/svc) with every Go toolchain strata supports, into OUTDIR:
#   svc-go1XX         default build (symbols + DWARF)
#   svc-go1XX-stripped  -ldflags="-s -w" (no .symtab, no DWARF: pclntab + offset table only)
#   svc-go126-pie     -buildmode=pie
#   svc-go126-arm64   GOARCH=arm64 (must be refused)
#   grpcsvc[-stripped]  testdata/ebpf/grpcsvc, a gRPC-Go server and client (Go 1.26)
#   grpcsvc-v1.NN.0   the same against older gRPC-Go releases (testdata/ebpf/grpcsvc/versions)
# Toolchains: scripts/lib/go-toolchains.sh (installed by scripts/setup.d/10-go-toolchains.sh).
# Skips the build when the output is newer than every source file.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: build.sh OUTDIR}"
mkdir -p "$out"
out="$(cd "$out" && pwd)" # absolute: the builds below run from the service directory
# shellcheck source=../../scripts/lib/go-toolchains.sh
source "$here/../../scripts/lib/go-toolchains.sh"
cd "$here/svc"
export GOFLAGS=-trimpath GOPROXY=off CGO_ENABLED=0
fresh() { [ -e "$1" ] && [ -z "$(find . -newer "$1" -name '*.go' -o -newer "$1" -name go.mod | head -1)" ]; }
for v in 122 123 126 127; do
  fresh "$out/svc-go$v" || "go$v" build -o "$out/svc-go$v" .
  fresh "$out/svc-go$v-stripped" || "go$v" build -ldflags="-s -w" -o "$out/svc-go$v-stripped" .
done
fresh "$out/svc-go126-pie" || go126 build -buildmode=pie -o "$out/svc-go126-pie" .
fresh "$out/svc-go126-arm64" || GOARCH=arm64 go126 build -o "$out/svc-go126-arm64" .
# The gRPC-Go server (testdata/ebpf/grpcsvc: HTTP/2 by gRPC's own transport; its modules come from the
# Go module proxy, pinned by its go.sum).
cd "$here/grpcsvc"
fresh "$out/grpcsvc" || GOPROXY=https://proxy.golang.org,direct go126 build -o "$out/grpcsvc" .
fresh "$out/grpcsvc-stripped" || GOPROXY=https://proxy.golang.org,direct go126 build -ldflags="-s -w" -o "$out/grpcsvc-stripped" .
# The same server against older gRPC-Go releases (versions/VERSION holds each one's go.mod and go.sum):
# 1.66 hands handleStream the *Stream and ends calls in WriteStatus; 1.75 embeds a *Stream.
for d in versions/*/; do
  v="$(basename "$d")"
  fresh "$out/grpcsvc-$v" && continue
  tmpd="$(mktemp -d)"
  cp main.go "$d/go.mod" "$d/go.sum" "$tmpd/"
  (cd "$tmpd" && GOPROXY=https://proxy.golang.org,direct go126 build -o "$out/grpcsvc-$v" .)
  rm -rf "$tmpd"
done
