#!/usr/bin/env bash
# usage: scripts/xcheck.sh [IMAGES] [CALIBRATION_IMAGES]
# Compares `./fs eval --fs` on the committed ResNet-20 and Fashion-MNIST with scripts/xcheck_fs.py, an independent
# implementation (Python, onnxruntime; no project code) of the FS neuron, the calibration rule and the metrics.
# Without CALIBRATION_IMAGES it checks the paper's FS-ReLU; with it, also `--calibrate fashion-mnist:train:N`.
# Exit 1 when a number differs by more than the last printed digit of ./fs eval.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
images="${1:-1000}"
data="${FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}"
if [[ ! -e "$data/t10k-images-idx3-ubyte.gz" && ! -e "$data/t10k-images-idx3-ubyte" ]]; then
  echo "xcheck: skipped: no Fashion-MNIST in $data (apt install dataset-fashion-mnist, or set FASHION_MNIST_DIR)"
  exit 0
fi
scripts/install-python-env.sh
check() { # label, then the extra arguments of ./fs eval and of xcheck_fs.py
  local label="$1" fsargs="$2" pyargs="$3"
  local fs py
  # shellcheck disable=SC2086
  fs="$(./fs eval --model models/fmnist-resnet20.onnx --dataset fashion-mnist:test --limit "$images" --fs $fsargs 2>/dev/null)"
  # shellcheck disable=SC2086
  py="$(.venv/bin/python scripts/xcheck_fs.py --limit "$images" $pyargs)"
  .venv/bin/python - "$label" "$fs" "$py" <<'PY'
import sys
label, fs, py = sys.argv[1], *(dict(l.split(": ", 1) for l in t.splitlines() if ": " in l) for t in sys.argv[2:])
bad = 0
for key in ("images", "neurons", "nonfinite_outputs", "ann_top1", "fs_top1", "spikes_per_neuron",
            "fs_input_mean", "fs_input_std"):
    a, b = float(fs[key]), float(py[key])
    ok = a == b if key in ("images", "neurons", "nonfinite_outputs") else abs(a - b) <= 0.5e-4 + 1e-9
    bad += not ok
    print(f"xcheck {label}: {key}: fs {fs[key]} independent {py[key]}{'' if ok else '  MISMATCH'}")
sys.exit(1 if bad else 0)
PY
}
check "paper relu" "" ""
if [[ -n "${2:-}" ]]; then
  check "calibrated" "--calibrate fashion-mnist:train:$2" "--calibrate $2"
fi
echo "xcheck: passed ($images test images)"
