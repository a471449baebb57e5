#!/usr/bin/env bash
# package.sh — build luoshi's .deb and .rpm packages for linux/amd64, arm64 and loong64.
#
#   build/package.sh [OUT_DIR]          (default: dist/)
#
# Environment: LUOSHI_VERSION (default 0.0.YYYYMMDDHHMM from the commit's time, so that
# later commits sort later for dpkg and rpm), LUOSHI_ARCHES (default "amd64 arm64 loong64"),
# LUOSHI_FORMATS (default "deb rpm").
#
# Each binary is pure Go (CGO_ENABLED=0), stamped with the version
# and commit (luoshi version shows them); loong64 adds -tags purego (gmsm's SM2 assembly is
# wrong there). The packager is nfpm, pinned in build/nfpm/go.mod — a module of its own, so
# that nothing of it enters luoshi's go.mod; `go build` fetches it through the module proxy
# like any dependency. What goes into a package is build/package/nfpm.yaml. No make, no
# network beyond the Go module proxy.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=${1:-dist}
mkdir -p "$out"
out=$(cd "$out" && pwd)

commit=$(git rev-parse HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then commit="$commit+dirty"; fi
commit_time=$(git log -1 --format=%ct 2>/dev/null || date +%s)
export LUOSHI_VERSION=${LUOSHI_VERSION:-0.0.$(date -u -d "@$commit_time" +%Y%m%d%H%M)}
export SOURCE_DATE_EPOCH=$commit_time # reproducible file times in the packages
arches=${LUOSHI_ARCHES:-amd64 arm64 loong64}
formats=${LUOSHI_FORMATS:-deb rpm}

work=$(mktemp -d /tmp/luoshi-package.XXXXXX)
trap 'rm -rf "$work"' EXIT

go build -C build/nfpm -o "$work/nfpm" github.com/goreleaser/nfpm/v2/cmd/nfpm

for arch in $arches; do
  tags=()
  [ "$arch" = loong64 ] && tags=(-tags purego)
  export GOARCH=$arch LUOSHI_BINARY="$work/luoshi-$arch"
  CGO_ENABLED=0 GOOS=linux go build "${tags[@]}" \
    -ldflags "-s -w -X main.version=$LUOSHI_VERSION -X main.commit=$commit" \
    -o "$LUOSHI_BINARY" ./cmd/luoshi
  for format in $formats; do
    # nfpm expands variables in versions and names but not in a source path's glob.
    sed "s#\${LUOSHI_BINARY}#$LUOSHI_BINARY#" build/package/nfpm.yaml >"$work/nfpm.yaml"
    "$work/nfpm" package --config "$work/nfpm.yaml" --packager "$format" --target "$out/" >/dev/null
  done
done
unset GOARCH
ls -1 "$out"
