#!/usr/bin/env bash
# Installs the project-local Python environment (.venv/) with the pinned MLflow server and ONNX tools.
# Idempotent: a marker file records the installed requirements; re-run after changing them.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="${FS_VENV:-$ROOT/.venv}"
REQ="$ROOT/scripts/python-requirements.txt"
MARK="$VENV/.fs-requirements.sha256"
want="$(sha256sum "$REQ" | cut -d' ' -f1)"
if [[ -x "$VENV/bin/python" && -f "$MARK" && "$(cat "$MARK")" == "$want" ]]; then
  exit 0
fi
echo "fs: installing the Python environment (MLflow, ONNX) into $VENV (first use only)" >&2
PY="${FS_PYTHON:-python3}"
"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQ" >&2
echo "$want" > "$MARK"
