#!/usr/bin/env python3
"""Check an exported Fashion-MNIST ONNX model with ONNX Runtime (numpy + onnx + onnxruntime only).

Runs onnx.checker.check_model(full_check=True), verifies the sha256 recorded in the
metadata JSON, evaluates the model on the full 10k Fashion-MNIST test set with ONNX
Runtime (CPU) using the preprocessing recorded in the metadata, and writes
ann_top1_onnxruntime / ann_top5_onnxruntime (plus checker result, IR version, opset
and node-type counts) back into the metadata JSON.

Usage (repository root, project venv):
  .venv/bin/python recipes/fmnist/check_onnx.py models/fmnist-resnet20.onnx
Exit status 1 if the checker fails, the hash differs, or the ONNX Runtime top-1
differs from the PyTorch top-1 recorded by train.py.
"""
import argparse
import collections
import gzip
import hashlib
import json
import os
import sys

import numpy as np
import onnx
import onnxruntime as ort

DATA_DIR = "/usr/share/datasets/fashion-mnist"


def read_idx(path, magic_expected, header):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = np.frombuffer(data[:header], dtype=">u4")
    assert dims[0] == magic_expected, f"bad magic in {path}"
    return np.frombuffer(data[header:], dtype=np.uint8), [int(d) for d in dims[1:]]


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("onnx_path")
    ap.add_argument("--meta", default=None, help="metadata JSON (default: <onnx_path without .onnx>.json)")
    ap.add_argument("--data-dir", default=DATA_DIR)
    ap.add_argument("--batch", type=int, default=1000)
    args = ap.parse_args()
    meta_path = args.meta or os.path.splitext(args.onnx_path)[0] + ".json"
    with open(meta_path) as f:
        meta = json.load(f)
    ok = True

    digest = sha256(args.onnx_path)
    if digest != meta.get("onnx_sha256"):
        print(f"FAIL sha256 {digest} != metadata {meta.get('onnx_sha256')}")
        ok = False

    m = onnx.load(args.onnx_path)
    onnx.checker.check_model(m, full_check=True)  # raises on failure
    opsets = {imp.domain or "ai.onnx": imp.version for imp in m.opset_import}
    nodes = collections.Counter(n.op_type for n in m.graph.node)
    print(f"checker OK; ir_version {m.ir_version}; opsets {opsets}")
    print("nodes:", dict(sorted(nodes.items())))

    pre = meta["preprocessing"]
    mean, std = float(pre["mean"]), float(pre["std"])
    xs, (n, h, w) = read_idx(os.path.join(args.data_dir, "t10k-images-idx3-ubyte.gz"), 2051, 16)
    ys, _ = read_idx(os.path.join(args.data_dir, "t10k-labels-idx1-ubyte.gz"), 2049, 8)
    x = ((xs.reshape(n, 1, h, w).astype(np.float32) / np.float32(255.0) - np.float32(mean))
         / np.float32(std)).astype(np.float32)
    y = ys.astype(np.int64)

    so = ort.SessionOptions()
    so.intra_op_num_threads = 2
    sess = ort.InferenceSession(args.onnx_path, so, providers=["CPUExecutionProvider"])
    in_name = sess.get_inputs()[0].name
    out_name = sess.get_outputs()[0].name
    assert in_name == pre["input_name"], (in_name, pre["input_name"])
    c1 = c5 = 0
    for i in range(0, n, args.batch):
        logits = sess.run([out_name], {in_name: x[i:i + args.batch]})[0]
        assert logits.shape == (min(args.batch, n - i), 10), logits.shape
        top5 = np.argsort(-logits, axis=1, kind="stable")[:, :5]
        t = y[i:i + args.batch]
        c1 += int((top5[:, 0] == t).sum())
        c5 += int((top5 == t[:, None]).any(axis=1).sum())
    top1, top5 = c1 / n, c5 / n
    print(f"onnxruntime {ort.__version__}: top1 {top1:.4f} top5 {top5:.4f} "
          f"(pytorch top1 {meta['ann_top1']:.4f} top5 {meta['ann_top5']:.4f})")
    if top1 != meta["ann_top1"]:
        print(f"FAIL onnxruntime top1 {top1} != pytorch top1 {meta['ann_top1']}")
        ok = False

    meta.update({
        "ann_top1_onnxruntime": top1,
        "ann_top5_onnxruntime": top5,
        "onnxruntime_version": ort.__version__,
        "onnx_version": onnx.__version__,
        "onnx_checker_full_check": "passed",
        "onnx_ir_version": m.ir_version,
        "onnx_opset_imports": opsets,
        "onnx_node_counts": dict(sorted(nodes.items())),
    })
    with open(meta_path, "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    print(f"updated {meta_path}; {'OK' if ok else 'FAILED'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
