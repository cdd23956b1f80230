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
echo "fs: installing the Python environment (MLflow, ONNX) into $VENV: first use only, about 1 GB and 1-3 minutes" >&2
t0=$SECONDS
PY="${FS_PYTHON:-python3}"
"$PY" -m venv "$VENV"
echo "fs: python env: [1/3] venv created; upgrading pip" >&2
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
echo "fs: python env: [2/3] installing $(grep -cvE '^\s*(#|$)' "$REQ") pinned packages and their dependencies" \
  "($(grep -vE '^\s*(#|$)' "$REQ" | paste -sd' '))" >&2
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQ" >&2
echo "$want" > "$MARK"
echo "fs: python env: [3/3] ready in $((SECONDS - t0)) s ($(du -sh "$VENV" 2>/dev/null | cut -f1))" >&2
