#!/usr/bin/env bash
# Runs the whole test suite. Installs the project's Python environment (MLflow server, ONNX checker) if missing,
# starts a local MLflow server for the tracking integration test unless MLFLOW_TRACKING_URI is set, and stops it after.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
scripts/install-python-env.sh
pid=""
store=""
# stops the temporary MLflow server (the mlflow CLI runs gunicorn as a child: stop that first, or it outlives the CLI
# and keeps the port) and removes its store
cleanup() {
  if [[ -n "$pid" ]]; then
    pkill -TERM -P "$pid" 2>/dev/null || true
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  if [[ -n "$store" ]]; then rm -rf "$store"; fi
}
trap cleanup EXIT
if [[ -z "${MLFLOW_TRACKING_URI:-}" ]]; then
  port="$("$ROOT/.venv/bin/python" -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')"
  store="$(mktemp -d "${TMPDIR:-/tmp}/fs-test-mlflow.XXXXXX")"
  "$ROOT/.venv/bin/mlflow" server --host 127.0.0.1 --port "$port" \
    --backend-store-uri "sqlite:///$store/mlflow.db" --default-artifact-root "$store/artifacts" \
    >"$store/server.log" 2>&1 &
  pid=$!
  export MLFLOW_TRACKING_URI="http://127.0.0.1:$port"
  for _ in $(seq 1 120); do
    curl -fsS "$MLFLOW_TRACKING_URI/health" >/dev/null 2>&1 && break; sleep 0.5
  done
  echo "test: MLflow server at $MLFLOW_TRACKING_URI" >&2
fi
export MLFLOW_PYTHON_EXECUTABLE="$ROOT/.venv/bin/python"
# formatting first (seconds): google-java-format through spotless; `mvn spotless:apply` fixes what it reports
mvn -B -q spotless:check || { echo "test: Java sources are not formatted; run 'mvn spotless:apply'" >&2; exit 1; }
mvn -B test "$@"
# ./fs eval --fs against an independent implementation (Python, onnxruntime) of the FS neuron and the metrics
scripts/xcheck.sh 1000 500
# ./fs eval --spark on a standalone Spark master and worker on 127.0.0.1 (builds the package if needed)
scripts/spark-it.sh
