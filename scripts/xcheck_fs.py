#!/usr/bin/env python3
"""An independent recomputation of `./fs eval --fs` on a ReLU network and Fashion-MNIST: no project code.

The FS neuron (Stoeckl & Maass 2021, the update order of the official fs_coding.py, as README states) runs K steps:
    v = x; out = 0
    for t in 0..K-1: z = (v > T[t]); out += d[t]*z; v -= h[t]*z
Each Relu of the ONNX graph is replaced by this K-step sequence unrolled into plain ONNX ops (float32, onnxruntime),
with the Relu's input and the neuron's spike count as extra outputs. Without --calibrate every Relu uses the bundled
`relu` set (the paper's: alpha 25, K 10); with --calibrate N, layer l uses h = T = d = alpha_l * 2^-(t+1), alpha_l =
(largest input of that Relu over the first N train images) / (1 - 2^-K), as README's `--calibrate` says.

Printed (as `./fs eval` names them): images, ann_top1, fs_top1, nonfinite_outputs, neurons (elements of all FS layers'
outputs per image), spikes_per_neuron (total spikes / (neurons x images)), fs_input_mean and fs_input_std (per image
and FS layer the mean and population std of the layer's inputs, averaged over images and then over layers with equal
weight), total_spikes. scripts/xcheck.sh compares them with `./fs eval`.
"""
import argparse
import gzip
import json
import os
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read_idx(path):
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
        b = f.read()
    dims = [int.from_bytes(b[4 + 4 * i:8 + 4 * i], "big") for i in range(b[3])]
    return np.frombuffer(b, dtype=np.uint8, offset=4 + 4 * b[3]).reshape(dims)


def idx_file(data, name):
    for p in (f"{data}/{name}.gz", f"{data}/{name}"):
        if os.path.exists(p):
            return p
    sys.exit(f"xcheck: {data}/{name}[.gz]: no such file")


def load(data, split, n, mean, std):
    pre = "t10k" if split == "test" else "train"
    x = read_idx(idx_file(data, f"{pre}-images-idx3-ubyte"))[:n]
    y = read_idx(idx_file(data, f"{pre}-labels-idx1-ubyte"))[:n]
    x = (x.astype(np.float32) / np.float32(255) - np.float32(mean)) / np.float32(std)
    return x.astype(np.float32)[:, None, :, :], y.astype(np.int64)


def session(model, threads):
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    return ort.InferenceSession(model.SerializeToString(), so, providers=["CPUExecutionProvider"])


def with_relu_inputs(model):
    m = onnx.ModelProto()
    m.CopyFrom(model)
    for n in m.graph.node:
        if n.op_type == "Relu":
            m.graph.output.append(helper.make_tensor_value_info(n.input[0], TensorProto.FLOAT, None))
    return m


def fs_model(model, coeffs):
    """The model with each Relu (name -> (h, T, d)) replaced by the unrolled FS neuron; outputs the Relu inputs
    and '<prefix>spikes' per layer."""
    m = onnx.ModelProto()
    m.CopyFrom(model)
    g = m.graph
    nodes, inits = [], []
    for n in g.node:
        if n.op_type != "Relu":
            nodes.append(n)
            continue
        h, T, d = coeffs[n.name]
        p = prefix(n)
        v, out, spk = n.input[0], None, None
        for t in range(len(h)):
            for name, val in (("h", h[t]), ("T", T[t]), ("d", d[t])):
                inits.append(numpy_helper.from_array(np.array(val, dtype=np.float32), f"{p}{name}{t}"))
            nodes += [
                helper.make_node("Greater", [v, f"{p}T{t}"], [f"{p}b{t}"]),
                helper.make_node("Cast", [f"{p}b{t}"], [f"{p}z{t}"], to=TensorProto.FLOAT),
                helper.make_node("Mul", [f"{p}z{t}", f"{p}d{t}"], [f"{p}dz{t}"]),
                helper.make_node("Mul", [f"{p}z{t}", f"{p}h{t}"], [f"{p}hz{t}"]),
                helper.make_node("Sub", [v, f"{p}hz{t}"], [f"{p}v{t}"]),
            ]
            if out is None:  # out = 0 + d*z: the first term exactly
                out, spk = f"{p}dz{t}", f"{p}z{t}"
            else:
                nodes += [
                    helper.make_node("Add", [out, f"{p}dz{t}"], [f"{p}o{t}"]),
                    helper.make_node("Add", [spk, f"{p}z{t}"], [f"{p}s{t}"]),
                ]
                out, spk = f"{p}o{t}", f"{p}s{t}"
            v = f"{p}v{t}"
        nodes.append(helper.make_node("Identity", [out], [n.output[0]]))
        nodes.append(helper.make_node("Identity", [spk], [p + "spikes"]))
        g.output.append(helper.make_tensor_value_info(n.input[0], TensorProto.FLOAT, None))
        g.output.append(helper.make_tensor_value_info(p + "spikes", TensorProto.FLOAT, None))
    del g.node[:]
    g.node.extend(nodes)
    g.initializer.extend(inits)
    return m


def prefix(node):
    return "xc_" + node.name.strip("/").replace("/", "_") + "_"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default=f"{ROOT}/models/fmnist-resnet20.onnx")
    ap.add_argument("--data", default=os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist"))
    ap.add_argument("--limit", type=int, default=10000, help="the first N test images")
    ap.add_argument("--calibrate", type=int, default=0, help="calibrate on the first N train images")
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    # the preprocessing the model was trained with: its metadata JSON beside the .onnx
    meta = json.load(open(a.model[: -len(".onnx")] + ".json"))["preprocessing"]
    mean, std = meta["mean"], meta["std"]
    model = onnx.load(a.model)
    relus = [n for n in model.graph.node if n.op_type == "Relu"]
    relu = json.load(open(f"{ROOT}/fs-core/src/main/resources/org/fsneurons/core/coeffs/relu.json"))
    coeffs = {n.name: tuple(np.array(relu[c], dtype=np.float32) for c in ("h", "T", "d")) for n in relus}
    if a.calibrate:
        k = 10
        xc, _ = load(a.data, "train", a.calibrate, mean, std)
        probe = session(with_relu_inputs(model), a.threads)
        top = np.full(len(relus), -np.inf)
        for i in range(0, len(xc), a.batch):
            outs = probe.run([n.input[0] for n in relus], {"input": xc[i:i + a.batch]})
            top = np.maximum(top, [float(o.max()) for o in outs])
        for n, m in zip(relus, top):
            c = np.array([m / (1 - 2.0 ** -k) * 2.0 ** -(t + 1) for t in range(k)], dtype=np.float32)
            coeffs[n.name] = (c, c, c)
    x, y = load(a.data, "test", a.limit, mean, std)
    ann = session(model, a.threads)
    fs = session(fs_model(model, coeffs), a.threads)
    names = [o.name for o in fs.get_outputs()]
    layers = len(relus)
    ann_ok = fs_ok = nonfinite = 0
    spikes = np.zeros(layers)
    img_mean = np.zeros(layers)
    img_std = np.zeros(layers)
    neurons = None
    for i in range(0, len(x), a.batch):
        xb, yb = x[i:i + a.batch], y[i:i + a.batch]
        la = ann.run(["logits"], {"input": xb})[0]
        res = dict(zip(names, fs.run(names, {"input": xb})))
        lf = res["logits"]
        ann_ok += int((la.argmax(1) == yb).sum())
        fs_ok += int((lf.argmax(1) == yb).sum())
        nonfinite += int((~np.isfinite(la).all(1) | ~np.isfinite(lf).all(1)).sum())
        if neurons is None:
            neurons = [int(np.prod(res[n.input[0]].shape[1:])) for n in relus]
        for j, n in enumerate(relus):
            xin = res[n.input[0]].reshape(len(xb), -1).astype(np.float64)
            spikes[j] += res[prefix(n) + "spikes"].astype(np.float64).sum()
            mu = xin.mean(1)
            img_mean[j] += mu.sum()
            img_std[j] += np.sqrt(((xin - mu[:, None]) ** 2).mean(1)).sum()
    images, total = len(x), sum(neurons)
    print(f"images: {images}")
    print(f"ann_top1: {ann_ok / images:.6f}")
    print(f"fs_top1: {fs_ok / images:.6f}")
    print(f"nonfinite_outputs: {nonfinite}")
    print(f"neurons: {total}")
    print(f"spikes_per_neuron: {spikes.sum() / (total * images):.6f}")
    print(f"fs_input_mean: {np.mean(img_mean / images):.6f}")
    print(f"fs_input_std: {np.mean(img_std / images):.6f}")
    print(f"total_spikes: {int(spikes.sum())}")


if __name__ == "__main__":
    main()
