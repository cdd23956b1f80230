#!/usr/bin/env bash
# Integration test of ./fs eval --spark on a standalone Spark cluster (issue 12), on 127.0.0.1 only:
#  1. a master and one worker (1 core, 2 GB) started from the Spark jars the build put in fs-experiments/<target>/lib;
#     the worker's SPARK_HOME holds Spark's jars only, so the executor gets fsneurons' code from the jars the
#     driver ships (AppJars), as on a real cluster;
#  2. ./fs eval --fs on a Fashion-MNIST subset submitted to spark://127.0.0.1:PORT: images, ann_top1, fs_top1 and
#     spikes_per_neuron equal the run without --spark;
#  3. a copy of the dataset with a truncated images file: exit 2 and one line naming the partition's image range;
#  4. the worker killed (SIGKILL) while the job runs, then restarted: the result is still exact.
# Both daemons are stopped on exit, also when a check fails. Needs only the built jars (./fs builds them if missing).
# Environment: FS_TARGET (build folder, default target), SPARK_IT_LIMIT (images, default 2000), SPARK_IT_KEEP=1
# (keep the logs and outputs).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
TGT="${FS_TARGET:-target}"
LIMIT="${SPARK_IT_LIMIT:-2000}"
MODEL=models/fmnist-resnet20.onnx
KEYS='^(images|ann_top1|fs_top1|spikes_per_neuron):'
./fs --version >/dev/null # builds the package on first use
LIB="$ROOT/fs-experiments/$TGT/lib"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/fs-spark-it.XXXXXX")"
MASTER_PID=""
WORKER_PID=""
ORPHANS=""
stop() { # stop a daemon by its pid, and the executor processes it started
  local pid="$1"
  [[ -z "$pid" ]] && return 0
  pkill -KILL -P "$pid" 2>/dev/null || true
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  stop "$WORKER_PID"
  stop "$MASTER_PID"
  # executors of the SIGKILLed worker exit when their worker is gone; make sure
  for pid in $ORPHANS; do kill -KILL "$pid" 2>/dev/null || true; done
  if [[ $rc -ne 0 ]]; then
    echo "spark-it: FAILED (rc $rc); logs:" >&2
    for f in "$WORK"/*.log "$WORK"/*.err; do [[ -f "$f" ]] && { echo "--- $f" >&2; tail -n 25 "$f" >&2; }; done
  fi
  if [[ -n "${SPARK_IT_KEEP:-}" ]]; then echo "spark-it: logs kept in $WORK" >&2; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT
fail() { echo "spark-it: $*" >&2; exit 1; }

free_port() {
  python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'
}

# the module openings Spark's launcher adds on Java 17 (as in ./fs)
OPENS=(-XX:+IgnoreUnrecognizedVMOptions -Dio.netty.tryReflectionSetAccessible=true)
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
  java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  OPENS+=("--add-opens=java.base/$p=ALL-UNNAMED")
done

# SPARK_HOME for the worker: Spark and its dependencies only (no fsneurons, no ONNX Runtime)
mkdir -p "$WORK/spark-home/jars" "$WORK/worker"
for j in "$LIB"/*.jar; do
  case "$(basename "$j")" in
    fs-*|onnxruntime-*|tribuo-*|picocli-*|snakeyaml-*) ;;
    *) ln -s "$j" "$WORK/spark-home/jars/" ;;
  esac
done
ls "$WORK/spark-home/jars" | grep -q '^spark-core_' || fail "no spark-core jar in $LIB"
export SPARK_LOCAL_IP=127.0.0.1
export SPARK_SCALA_VERSION=2.13

PORT=$(free_port)
MASTER_UI=$(free_port)
MASTER="spark://127.0.0.1:$PORT"
java -Xmx512m "${OPENS[@]}" -cp "$WORK/spark-home/jars/*" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$PORT" --webui-port "$MASTER_UI" >"$WORK/master.log" 2>&1 &
MASTER_PID=$!

start_worker() {
  local ui
  ui=$(free_port)
  SPARK_HOME="$WORK/spark-home" java -Xmx512m "${OPENS[@]}" -cp "$WORK/spark-home/jars/*" \
    org.apache.spark.deploy.worker.Worker "$MASTER" --host 127.0.0.1 --cores 1 --memory 2g \
    --webui-port "$ui" --work-dir "$WORK/worker" >>"$WORK/worker.log" 2>&1 &
  WORKER_PID=$!
}
wait_for() { # wait_for FILE PATTERN SECONDS
  for _ in $(seq 1 $((2 * $3))); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.5
  done
  fail "timed out after $3 s waiting for '$2' in $1"
}
wait_for "$WORK/master.log" "I have been elected leader" 90
start_worker
wait_for "$WORK/worker.log" "Successfully registered with master" 90
echo "spark-it: master $MASTER and one worker up" >&2

# 1. the reference, without Spark
./fs eval --model "$MODEL" --dataset fashion-mnist:test --fs --limit "$LIMIT" >"$WORK/local.out" 2>"$WORK/local.err"
grep -E "$KEYS" "$WORK/local.out" >"$WORK/local.keys"
[[ $(wc -l <"$WORK/local.keys") -eq 4 ]] || fail "local run printed $(cat "$WORK/local.keys")"

# 2. on the cluster
./fs eval --model "$MODEL" --dataset fashion-mnist:test --fs --limit "$LIMIT" --spark "$MASTER" --partitions 4 \
  >"$WORK/cluster.out" 2>"$WORK/cluster.err"
grep -E "$KEYS" "$WORK/cluster.out" >"$WORK/cluster.keys"
diff "$WORK/local.keys" "$WORK/cluster.keys" || fail "cluster result differs from the local one"
grep -q "^spark_master: $MASTER$" "$WORK/cluster.out" || fail "no spark_master line"
grep -q "^executors: 1$" "$WORK/cluster.out" || fail "expected executors: 1"
[[ $(grep -c "^spark: partition .* done on executor" "$WORK/cluster.err") -eq 4 ]] || fail "expected 4 partition lines"
echo "spark-it: cluster result equals the local one: $(tr '\n' ' ' <"$WORK/cluster.keys")" >&2

# 3. corrupt data: images file truncated after 1500 of its 10000 images; partition 1 of 2 ([1000, 2000)) fails
mkdir -p "$WORK/bad"
cp "${FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}"/t10k-labels-idx1-ubyte.gz "$WORK/bad/"
(gzip -dc "${FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}/t10k-images-idx3-ubyte.gz" || true) \
  | head -c $((16 + 784 * 1500)) >"$WORK/bad/t10k-images-idx3-ubyte"
rc=0
FASHION_MNIST_DIR="$WORK/bad" ./fs eval --model "$MODEL" --dataset fashion-mnist:test --fs --limit 2000 \
  --spark "$MASTER" --partitions 2 >"$WORK/bad.out" 2>"$WORK/bad.err" || rc=$?
[[ $rc -eq 2 ]] || fail "corrupt data: expected exit 2, found $rc"
last="$(tail -n 1 "$WORK/bad.err")"
[[ "$last" == "fs: partition 1 (images [1000, 2000) of fashion-mnist:test"*"truncated"* ]] \
  || fail "corrupt data: expected one line naming partition 1 [1000, 2000), found: $last"
[[ $(grep -c "^fs: " "$WORK/bad.err") -eq 1 ]] || fail "corrupt data: more than one fs: line"
grep -q "^fs_top1:" "$WORK/bad.out" && fail "corrupt data: results printed"
echo "spark-it: corrupt data: exit 2, $last" >&2

# 4. the worker killed while the job runs, then restarted: the lost partitions rerun, the result is exact
./fs eval --model "$MODEL" --dataset fashion-mnist:test --fs --limit "$LIMIT" --spark "$MASTER" --partitions 8 \
  >"$WORK/kill.out" 2>"$WORK/kill.err" &
EVAL_PID=$!
wait_for "$WORK/kill.err" "^spark: partition .* done on executor" 300
ORPHANS="$(pgrep -P "$WORKER_PID" || true)"
kill -KILL "$WORKER_PID"
wait "$WORKER_PID" 2>/dev/null || true
done_before=$(grep -c "^spark: partition .* done on executor" "$WORK/kill.err" || true)
echo "spark-it: worker killed (SIGKILL) after $done_before of 8 partitions; restarting it" >&2
sleep 2
start_worker
rc=0
wait "$EVAL_PID" || rc=$?
[[ $rc -eq 0 ]] || fail "after the worker was killed: eval exited $rc"
[[ $done_before -lt 8 ]] || fail "the job finished before the worker was killed; nothing was rerun"
grep -E "$KEYS" "$WORK/kill.out" >"$WORK/kill.keys"
diff "$WORK/local.keys" "$WORK/kill.keys" || fail "result after the worker was killed differs from the local one"
echo "spark-it: worker killed and restarted mid-job: result equals the local one" >&2
echo "spark-it: passed" >&2
