#!/usr/bin/env bash
# Builds the native FS kernel for ONNX Runtime, libfsneurons_ort.so (sources: fs-models/src/main/native/).
#
#   scripts/build-native.sh OUTPUT.so [BUILD_DIR]
#
# Headers: Debian's libonnxruntime-dev 1.21 from the trixie suite, fetched once with `apt-get download` under a
# private apt configuration (its own sources list, lists, cache and state under build/native-deps/, never the
# machine's apt sources) and unpacked with `dpkg -x`. FS_ORT_INCLUDE=DIR uses headers found elsewhere instead;
# FS_NATIVE_DEPS=DIR moves the download cache; FS_DEBIAN_MIRROR=URL picks another Debian mirror.
# Compiled with g++ for the portable x86-64-v2 baseline (AVX2 and AVX-512 paths are chosen at run time), not linked
# against libonnxruntime; only RegisterCustomOps is exported.
#
# Does nothing when OUTPUT.so is newer than the sources and this script. When the library cannot be built (not
# x86-64 Linux, no g++, headers not obtainable) it prints a warning and exits 0 so the Maven build still passes and
# FS nodes run on their ONNX function body; with FS_NATIVE_REQUIRED=1 it exits 1 instead.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/fs-models/src/main/native"
SELF="$ROOT/scripts/build-native.sh"
DEPS="${FS_NATIVE_DEPS:-$ROOT/build/native-deps}"  # download cache, shared by all build folders
ORT_SERIES="1.21"
SUITE="trixie"
MIRROR="${FS_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
KEYRING="/usr/share/keyrings/debian-archive-keyring.gpg"

if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: scripts/build-native.sh OUTPUT.so [BUILD_DIR]" >&2
  exit 2
fi
OUT="$1"
OUT_DIR="$(dirname "$OUT")"
BUILD="${2:-$OUT_DIR/native-build}"

give_up() {
  rm -f "$OUT"  # never leave a library built from older sources behind
  if [[ "${FS_NATIVE_REQUIRED:-0}" == 1 ]]; then
    echo "build-native: ERROR: cannot build the native FS kernel: $1" >&2
    exit 1
  fi
  echo "build-native: WARNING: native FS kernel not built: $1; FS nodes will run on their ONNX function body" \
    "(set FS_NATIVE_REQUIRED=1 to make this an error)" >&2
  exit 0
}

[[ "$(uname -s)" == Linux && "$(uname -m)" == x86_64 ]] ||
  give_up "only x86-64 Linux is supported, this is $(uname -s) $(uname -m)"
command -v g++ >/dev/null || give_up "no g++ on PATH (Debian/Ubuntu: apt-get install g++)"

if [[ -f "$OUT" && -z "$(find "$SRC" "$SELF" -newer "$OUT" -print -quit)" ]]; then
  echo "build-native: $OUT is up to date" >&2
  exit 0
fi
start_ns=$(date +%s%N)

# ---- headers ------------------------------------------------------------------------------------------------------
fetch_headers() {  # fills $DEPS/onnxruntime (usr/include/onnxruntime/...) once
  local dir="$DEPS/onnxruntime"
  [[ -f "$dir/.complete" ]] && return 0
  command -v apt-get >/dev/null && command -v dpkg >/dev/null ||
    give_up "apt-get and dpkg are needed to fetch the ONNX Runtime headers (or set FS_ORT_INCLUDE=DIR)"
  [[ -f "$KEYRING" ]] || give_up "no Debian archive keyring at $KEYRING (Debian: apt-get install debian-archive-keyring)"
  local apt="$DEPS/apt"
  mkdir -p "$apt/etc" "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/state" "$apt/download"
  : >"$apt/state/status"
  echo "deb [signed-by=$KEYRING] $MIRROR $SUITE main" >"$apt/etc/sources.list"
  local opts=(
    -o "Dir::Etc::SourceList=$apt/etc/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
    -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o "Dir::State::status=$apt/state/status"
    -o "Dir::State::extended_states=$apt/state/extended_states"
    -o "APT::Sandbox::User=$(id -un)" -o "Acquire::Languages=none" -q
  )
  echo "build-native: fetching libonnxruntime-dev $ORT_SERIES headers from Debian $SUITE (private apt configuration)" >&2
  apt-get "${opts[@]}" update >"$apt/update.log" 2>&1 ||
    give_up "apt-get update for Debian $SUITE failed (see $apt/update.log)"
  local version
  version="$(apt-cache "${opts[@]}" show libonnxruntime-dev 2>/dev/null | sed -n 's/^Version: //p' | head -n 1)" ||
    true
  [[ -n "$version" ]] || give_up "libonnxruntime-dev not found in Debian $SUITE at $MIRROR ($(grep -m1 -E '^(W|E):' \
    "$apt/update.log" || echo "see $apt/update.log"))"
  [[ "$version" == "$ORT_SERIES".* ]] ||
    give_up "Debian $SUITE offers libonnxruntime-dev $version, expected $ORT_SERIES.x"
  rm -f "$apt/download/"*.deb
  (cd "$apt/download" && apt-get "${opts[@]}" download "libonnxruntime-dev=$version") >"$apt/download.log" 2>&1 ||
    give_up "apt-get download libonnxruntime-dev=$version refused (see $apt/download.log)"
  rm -rf "$dir.tmp"
  dpkg -x "$apt/download/"libonnxruntime-dev_*.deb "$dir.tmp" || give_up "dpkg -x of libonnxruntime-dev failed"
  [[ -f "$dir.tmp/usr/include/onnxruntime/onnxruntime_cxx_api.h" ]] ||
    give_up "libonnxruntime-dev $version has no usr/include/onnxruntime/onnxruntime_cxx_api.h"
  echo "$version" >"$dir.tmp/.complete"
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
  rm -rf "$apt/lists" "$apt/cache"  # the package index (~25 MB) is not needed again
}

if [[ -n "${FS_ORT_INCLUDE:-}" ]]; then
  INC="$FS_ORT_INCLUDE"
else
  mkdir -p "$DEPS"
  if command -v flock >/dev/null; then  # parallel builds (other target folders) share the download
    exec 9>"$DEPS/.lock"
    flock 9
  fi
  fetch_headers
  INC="$DEPS/onnxruntime/usr/include/onnxruntime"
fi
[[ -f "$INC/onnxruntime_cxx_api.h" ]] || give_up "no onnxruntime_cxx_api.h in $INC"

# ---- compile ------------------------------------------------------------------------------------------------------
mkdir -p "$BUILD" "$OUT_DIR"
CXXFLAGS=(-std=c++17 -O2 -march=x86-64-v2 -mtune=generic -fPIC -fvisibility=hidden -fvisibility-inlines-hidden
  -ffp-contract=off -fno-fast-math -Wall -Wextra -isystem "$INC")
objs=()
for src in "$SRC"/*.cc; do
  obj="$BUILD/$(basename "${src%.cc}").o"
  g++ "${CXXFLAGS[@]}" -c "$src" -o "$obj" 2>"$BUILD/compile.log" || {
    cat "$BUILD/compile.log" >&2
    give_up "g++ failed on $src"
  }
  objs+=("$obj")
done
tmp="$OUT.tmp.$$"
g++ -shared -o "$tmp" "${objs[@]}" -Wl,--version-script="$SRC/exports.map" -Wl,-z,nodelete -Wl,-z,noexecstack \
  -Wl,-z,relro -Wl,-z,now -Wl,--no-undefined -Wl,--as-needed 2>"$BUILD/link.log" || {
  cat "$BUILD/link.log" >&2
  rm -f "$tmp"
  give_up "linking libfsneurons_ort.so failed"
}
exported="$(nm -D --defined-only "$tmp" | awk '$2 ~ /^[TtWwDdBb]$/ {print $3}' | sort -u | tr '\n' ' ')"
if [[ "$exported" != "RegisterCustomOps " ]]; then
  rm -f "$tmp"
  give_up "libfsneurons_ort.so exports '$exported', expected only RegisterCustomOps"
fi
if readelf -d "$tmp" | grep -q 'NEEDED.*onnxruntime'; then
  rm -f "$tmp"
  give_up "libfsneurons_ort.so must not link against libonnxruntime"
fi
mv -f "$tmp" "$OUT"  # atomic: a process that mapped the previous file keeps its copy
ms=$((($(date +%s%N) - start_ns) / 1000000))
printf 'build-native: built %s (x86-64-v2 baseline with sse, avx2 and avx512 paths; headers %s) in %d.%03d s\n' \
  "$OUT" "$(cat "$INC/../../../.complete" 2>/dev/null || echo "$INC")" $((ms / 1000)) $((ms % 1000)) >&2
