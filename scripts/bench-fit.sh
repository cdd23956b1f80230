#!/usr/bin/env bash
# Benchmarks ./fs fit against the goals of issue 6 and writes results/reference/fit.csv (results/fit.md explains them).
# Each fit runs through the CLI exactly as a user would, then ./fs approx measures the written file on the same points
# ./fs approx uses (uniform: 100000 evenly spaced points; normal: 10^6 samples, seed 1).
#
#   scripts/bench-fit.sh                 # uses ./fs (rebuilds into target/ when sources changed)
#   FS_TARGET=target-h6 scripts/bench-fit.sh   # uses a jar already built with mvn -Dfs.target=target-h6 package
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
if [[ -n "${FS_TARGET:-}" ]]; then
  APP="$ROOT/fs-experiments/$FS_TARGET"
  fs() { java -Xmx4g -cp "$APP/fs-experiments-0.1.0-SNAPSHOT.jar:$APP/lib/*" org.fsneurons.experiments.cli.FsCli "$@"; }
else
  fs() { "$ROOT/fs" "$@"; }
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
CSV="$ROOT/results/reference/fit.csv"
mkdir -p "$ROOT/results/reference"
cpu="$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //; s/  */ /g')"
machine="$(nproc) cores, ${cpu:-unknown CPU}, $(free -g | awk '/Mem:/{print $2}') GiB"
rows=()

key() { grep -m1 "^$1: " | sed "s/^$1: //"; }

# bench NAME GOAL CONDITION FIT_ARGS... -- APPROX_ARGS...   (CONDITION: awk expression in mse, spikes, wall, ideal)
bench() {
  local name="$1" goal="$2" cond="$3"; shift 3
  local fit=() approx=()
  while [[ "$1" != "--" ]]; do fit+=("$1"); shift; done
  shift
  approx=("$@")
  local load; load="$(cut -d' ' -f1 /proc/loadavg)"
  local t0 t1; t0="$(date +%s.%N)"
  fs fit "${fit[@]}" -o "$WORK/$name.json" >"$WORK/$name.fit.txt" 2>"$WORK/$name.err.txt"
  t1="$(date +%s.%N)"
  fs approx --coeffs "$WORK/$name.json" "${approx[@]}" >"$WORK/$name.approx.txt"
  local mse spikes wall
  mse="$(key mse <"$WORK/$name.approx.txt")"
  spikes="$(key mean_spikes <"$WORK/$name.approx.txt")"
  wall="$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')"
  local met=no
  if awk -v mse="$mse" -v spikes="$spikes" -v wall="$wall" -v ideal="${IDEAL:-0}" "BEGIN{exit !($cond)}"; then
    met=yes
  fi
  echo "bench-fit: $name mse=$mse mean_spikes=$spikes wall=${wall}s load=$load goal met: $met" >&2
  rows+=("$(date -u +%Y-%m-%dT%H:%MZ),\"$machine\",$load,$name,\"./fs fit ${fit[*]} -o $name.json; ./fs approx --coeffs $name.json ${approx[*]}\",$mse,$spikes,$wall,\"$goal\",$met")
}

# reference: the paper's sets (no fitting)
ref() {
  local name="$1"; shift
  local out; out="$(fs approx "$@")"
  REF_MSE="$(echo "$out" | key mse)"
  rows+=("$(date -u +%Y-%m-%dT%H:%MZ),\"$machine\",$(cut -d' ' -f1 /proc/loadavg),$name,\"./fs approx $*\",$REF_MSE,$(echo "$out" | key mean_spikes),,\"reference\",")
}

ref official-swish16 --coeffs swish --uniform -8,12
ref official-sigmoid12 --coeffs sigmoid --uniform -10,10
ref ideal-binary-relu10 --coeffs relu --uniform 0,25
IDEAL="$REF_MSE"
bench swish16 "mse <= 1.5e-3 (acceptance), <= 130 s" "mse <= 1.5e-3 && wall <= 130" \
  --target swish --k 16 --uniform -8,12 --seed 1 --time-limit 120 -- --uniform -8,12
bench swish16-spikes "mse <= 1.5e-3 and mean_spikes <= 4.59, <= 120 s" \
  "mse <= 1.5e-3 && spikes <= 4.59 && wall <= 120" \
  --target swish --k 16 --uniform -8,12 --spike-weight 3e-4 --seed 1 --time-limit 120 -- --uniform -8,12
bench sigmoid12 "mse <= 7e-5 (acceptance), <= 130 s" "mse <= 7e-5 && wall <= 130" \
  --target sigmoid --k 12 --uniform -10,10 --seed 1 --time-limit 120 -- --uniform -10,10
bench relu10 "mse <= 1.05 x ideal binary set, <= 120 s" "mse <= 1.05 * ideal && wall <= 120" \
  --target relu --k 10 --uniform 0,25 --seed 1 --time-limit 120 -- --uniform 0,25
bench swish16-q4-range-8_8 "mse < 3.45e-3 (unreachable with 4 bits: lower bound 4.84e-3, see fit.md)" \
  "mse < 3.45e-3 && wall <= 120" \
  --target swish --k 16 --uniform -8,8 --quant-bits 4 --quant-range -8,8 --seed 1 --time-limit 120 -- --uniform -8,8
bench swish16-q4-range-2_1 "mse < 3.45e-3 (unreachable with 4 bits: lower bound 4.84e-3, see fit.md)" \
  "mse < 3.45e-3 && wall <= 120" \
  --target swish --k 16 --uniform -8,8 --quant-bits 4 --quant-range -2,1 --seed 1 --time-limit 120 -- --uniform -8,8
bench swish16-q8-range-8_8 "mse < 3.45e-3, <= 120 s" "mse < 3.45e-3 && wall <= 120" \
  --target swish --k 16 --uniform -8,8 --quant-bits 8 --quant-range -8,8 --seed 1 --time-limit 120 -- --uniform -8,8
bench gelu16-normal "the bundled gelu set's command (reported)" "1" \
  --target gelu --k 16 --normal 0,2 --seed 1 --restarts 48 --name gelu -- --normal 0,2

{
  echo "date,machine,load_1min,name,command,mse,mean_spikes,wall_seconds,goal,met"
  printf '%s\n' "${rows[@]}"
} >"$CSV"
echo "bench-fit: wrote $CSV" >&2
