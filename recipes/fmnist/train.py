#!/usr/bin/python3
"""Fashion-MNIST training recipe for the few-spikes (FS) conversion experiments.

Trains one of two reference ANNs on Fashion-MNIST with fixed seeds and a
deterministic data order, evaluates it (eval mode, full 10k test set) and
exports it to ONNX (opset 13, input ``input`` [N,1,28,28] float32, output
``logits`` [N,10], dynamic batch axis).

Models
  fmnist-resnet20  CIFAR-style ResNet-20 v2 (pre-activation), ReLU activations.
  fmnist-effnet    small EfficientNet-style net: MBConv blocks with swish written
                   as x * sigmoid(x) (ONNX: Mul(x, Sigmoid(x))) and SE gates
                   (GlobalAveragePool -> 1x1 conv -> swish -> 1x1 conv -> Sigmoid -> Mul).

Usage (run from the repository root, with Debian's system interpreter):
  /usr/bin/python3 recipes/fmnist/train.py --model fmnist-resnet20 --epochs 30 --seed 0 --eval-every 3 --out models/
  /usr/bin/python3 recipes/fmnist/train.py --model fmnist-effnet   --epochs 10 --seed 0 --eval-every 2 --out models/

Preprocessing (must be replicated by any consumer of the ONNX files):
  x = (pixel / 255 - 0.2860) / 0.3530, layout NCHW, shape [N,1,28,28], float32.
"""
import argparse
import gzip
import hashlib
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

MEAN = 0.2860
STD = 0.3530
DATA_DIR = "/usr/share/datasets/fashion-mnist"
OPSET = 13


# ----------------------------------------------------------------------------- data

def read_idx_images(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, n, rows, cols = np.frombuffer(data[:16], dtype=">u4")
    assert magic == 2051, f"bad magic {magic} in {path}"
    return np.frombuffer(data[16:], dtype=np.uint8).reshape(int(n), int(rows), int(cols))


def read_idx_labels(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, n = np.frombuffer(data[:8], dtype=">u4")
    assert magic == 2049, f"bad magic {magic} in {path}"
    return np.frombuffer(data[8:], dtype=np.uint8).astype(np.int64)


def load_split(data_dir, split):
    x = read_idx_images(os.path.join(data_dir, f"{split}-images-idx3-ubyte.gz"))
    y = read_idx_labels(os.path.join(data_dir, f"{split}-labels-idx1-ubyte.gz"))
    return x, y


def normalise(x_uint8):
    """uint8 [N,28,28] -> float32 [N,1,28,28], (x/255 - MEAN)/STD."""
    x = torch.from_numpy(x_uint8.astype(np.float32) / 255.0)
    return ((x - MEAN) / STD).unsqueeze(1).contiguous()


class Augmenter:
    """Random crop (2-pixel zero padding in pixel space) + horizontal flip, seeded."""

    def __init__(self, x_norm, pad=2, generator=None):
        self.pad = pad
        pad_value = (0.0 - MEAN) / STD  # pixel value 0 after normalisation
        self.xp = F.pad(x_norm, (pad, pad, pad, pad), value=pad_value)[:, 0]  # [N,32,32]
        self.g = generator
        self.h = x_norm.shape[2]
        self.w = x_norm.shape[3]

    def batch(self, idx):
        b = idx.numel()
        dy = torch.randint(0, 2 * self.pad + 1, (b,), generator=self.g)
        dx = torch.randint(0, 2 * self.pad + 1, (b,), generator=self.g)
        flip = torch.rand(b, generator=self.g) < 0.5
        rows = dy[:, None] + torch.arange(self.h)[None, :]  # [B,H]
        cols = dx[:, None] + torch.arange(self.w)[None, :]  # [B,W]
        cols = torch.where(flip[:, None], cols.flip(1), cols)
        out = self.xp[idx[:, None, None], rows[:, :, None], cols[:, None, :]]
        return out.unsqueeze(1).contiguous()


# ----------------------------------------------------------------------------- ResNet-20 v2

class PreActBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.bn1 = nn.BatchNorm2d(cin)
        self.relu1 = nn.ReLU()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.relu2 = nn.ReLU()
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.shortcut = None
        if stride != 1 or cin != cout:
            self.shortcut = nn.Conv2d(cin, cout, 1, stride, 0, bias=False)

    def forward(self, x):
        out = self.relu1(self.bn1(x))
        # projection shortcut takes the pre-activated input (He et al. 2016, v2)
        sc = self.shortcut(out) if self.shortcut is not None else x
        out = self.conv1(out)
        out = self.conv2(self.relu2(self.bn2(out)))
        return out + sc


class ResNet20V2(nn.Module):
    def __init__(self, num_classes=10, widths=(16, 32, 64), blocks=3):
        super().__init__()
        self.conv1 = nn.Conv2d(1, widths[0], 3, 1, 1, bias=False)
        layers = []
        cin = widths[0]
        for stage, w in enumerate(widths):
            for b in range(blocks):
                stride = 2 if (stage > 0 and b == 0) else 1
                layers.append(PreActBlock(cin, w, stride))
                cin = w
        self.layers = nn.Sequential(*layers)
        self.bn = nn.BatchNorm2d(cin)
        self.relu = nn.ReLU()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(cin, num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def forward(self, x):
        x = self.conv1(x)
        x = self.layers(x)
        x = self.relu(self.bn(x))
        x = torch.flatten(self.pool(x), 1)
        return self.fc(x)


# ----------------------------------------------------------------------------- EfficientNet-style

class Swish(nn.Module):
    """Explicit swish so ONNX shows Mul(x, Sigmoid(x)) (nn.SiLU may export as one op)."""

    def forward(self, x):
        return x * torch.sigmoid(x)


class SqueezeExcite(nn.Module):
    def __init__(self, channels, se_channels):
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.reduce = nn.Conv2d(channels, se_channels, 1, bias=True)
        self.act = Swish()
        self.expand = nn.Conv2d(se_channels, channels, 1, bias=True)

    def forward(self, x):
        s = self.pool(x)
        s = self.expand(self.act(self.reduce(s)))
        return x * torch.sigmoid(s)


class MBConv(nn.Module):
    def __init__(self, cin, cout, expand, kernel, stride, se_ratio=0.25):
        super().__init__()
        mid = cin * expand
        self.expand_conv = nn.Conv2d(cin, mid, 1, bias=False)
        self.bn0 = nn.BatchNorm2d(mid)
        self.act0 = Swish()
        self.dw = nn.Conv2d(mid, mid, kernel, stride, kernel // 2, groups=mid, bias=False)
        self.bn1 = nn.BatchNorm2d(mid)
        self.act1 = Swish()
        self.se = SqueezeExcite(mid, max(1, int(cin * se_ratio)))
        self.project = nn.Conv2d(mid, cout, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        out = self.act0(self.bn0(self.expand_conv(x)))
        out = self.act1(self.bn1(self.dw(out)))
        out = self.se(out)
        out = self.bn2(self.project(out))
        if self.residual:
            out = out + x
        return out


class SmallEffNet(nn.Module):
    # (expand, kernel, stride, cout, repeats)
    CONFIG = [
        (2, 3, 2, 24, 1),   # 28x28 -> 14x14
        (4, 3, 1, 24, 1),   # 14x14
        (4, 5, 2, 40, 2),   # 14x14 -> 7x7
        (4, 3, 1, 80, 2),   # 7x7
    ]

    def __init__(self, num_classes=10, stem=16, head=256, dropout=0.2):
        super().__init__()
        self.stem = nn.Conv2d(1, stem, 3, 1, 1, bias=False)
        self.stem_bn = nn.BatchNorm2d(stem)
        self.stem_act = Swish()
        blocks = []
        cin = stem
        for expand, k, s, cout, reps in self.CONFIG:
            for r in range(reps):
                blocks.append(MBConv(cin, cout, expand, k, s if r == 0 else 1))
                cin = cout
        self.blocks = nn.Sequential(*blocks)
        self.head = nn.Conv2d(cin, head, 1, bias=False)
        self.head_bn = nn.BatchNorm2d(head)
        self.head_act = Swish()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(head, num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out")
                if m.bias is not None:
                    nn.init.zeros_(m.bias)

    def forward(self, x):
        x = self.stem_act(self.stem_bn(self.stem(x)))
        x = self.blocks(x)
        x = self.head_act(self.head_bn(self.head(x)))
        x = torch.flatten(self.pool(x), 1)
        return self.fc(self.dropout(x))


MODELS = {
    "fmnist-resnet20": ResNet20V2,
    "fmnist-effnet": SmallEffNet,
}


# ----------------------------------------------------------------------------- train / eval

def set_seeds(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)


@torch.no_grad()
def evaluate(model, x, y, batch=1000):
    model.eval()
    correct1 = correct5 = 0
    loss = 0.0
    for i in range(0, x.shape[0], batch):
        logits = model(x[i:i + batch])
        t = y[i:i + batch]
        loss += F.cross_entropy(logits, t, reduction="sum").item()
        top5 = logits.topk(5, dim=1).indices
        correct1 += (top5[:, 0] == t).sum().item()
        correct5 += (top5 == t[:, None]).any(dim=1).sum().item()
    n = x.shape[0]
    return correct1 / n, correct5 / n, loss / n


def lr_at(step, total_steps, warmup_steps, base_lr):
    if step < warmup_steps:
        return base_lr * (step + 1) / warmup_steps
    p = (step - warmup_steps) / max(1, total_steps - warmup_steps)
    return base_lr * 0.5 * (1.0 + math.cos(math.pi * p))


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, choices=sorted(MODELS))
    ap.add_argument("--epochs", type=int, required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default="models/")
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--weight-decay", type=float, default=5e-4)
    ap.add_argument("--warmup-epochs", type=float, default=1.0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--data-dir", default=DATA_DIR)
    ap.add_argument("--log", default=None, help="per-epoch log file (default /tmp/<model>-train.log)")
    ap.add_argument("--eval-every", type=int, default=1,
                    help="evaluate on the test set every N epochs (always after the last epoch)")
    ap.add_argument("--limit-batches", type=int, default=0, help="debug: stop each epoch after N batches")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    set_seeds(args.seed)
    log_path = args.log or f"/tmp/{args.model}-train.log"
    logf = open(log_path, "w")

    def log(msg):
        line = f"[{time.strftime('%H:%M:%S')}] {msg}"
        print(line, flush=True)
        logf.write(line + "\n")
        logf.flush()

    command = "/usr/bin/python3 recipes/fmnist/train.py " + " ".join(
        a if not any(c in a for c in " '\"") else repr(a) for a in sys.argv[1:])
    log(f"command: {command}")
    log(f"torch {torch.__version__}, threads {torch.get_num_threads()}")

    xtr_u8, ytr = load_split(args.data_dir, "train")
    xte_u8, yte = load_split(args.data_dir, "t10k")
    xtr, xte = normalise(xtr_u8), normalise(xte_u8)
    ytr, yte = torch.from_numpy(ytr), torch.from_numpy(yte)
    log(f"train {tuple(xtr.shape)}, test {tuple(xte.shape)}")

    g = torch.Generator()
    g.manual_seed(args.seed)
    aug = Augmenter(xtr, pad=2, generator=g)

    model = MODELS[args.model]()
    # channels_last is only a CPU speed-up for training; the model is switched back before export
    model = model.to(memory_format=torch.channels_last)
    xte_cl = xte.contiguous(memory_format=torch.channels_last)
    nparams = sum(p.numel() for p in model.parameters())
    log(f"model {args.model}: {nparams} parameters")

    decay, no_decay = [], []
    for name, p in model.named_parameters():
        (no_decay if p.ndim <= 1 else decay).append(p)
    opt = torch.optim.SGD(
        [{"params": decay, "weight_decay": args.weight_decay},
         {"params": no_decay, "weight_decay": 0.0}],
        lr=args.lr, momentum=0.9, nesterov=True)

    n = xtr.shape[0]
    steps_per_epoch = math.ceil(n / args.batch_size)
    if args.limit_batches:
        steps_per_epoch = min(steps_per_epoch, args.limit_batches)
    total_steps = steps_per_epoch * args.epochs
    warmup_steps = int(args.warmup_epochs * steps_per_epoch)
    step = 0
    t_start = time.time()
    for epoch in range(args.epochs):
        model.train()
        t0 = time.time()
        perm = torch.randperm(n, generator=g)
        tot_loss = 0.0
        tot_correct = 0
        seen = 0
        for bi in range(steps_per_epoch):
            idx = perm[bi * args.batch_size:(bi + 1) * args.batch_size]
            xb = aug.batch(idx).contiguous(memory_format=torch.channels_last)
            yb = ytr[idx]
            lr = lr_at(step, total_steps, warmup_steps, args.lr)
            for grp in opt.param_groups:
                grp["lr"] = lr
            logits = model(xb)
            loss = F.cross_entropy(logits, yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            step += 1
            tot_loss += loss.item() * idx.numel()
            tot_correct += (logits.argmax(1) == yb).sum().item()
            seen += idx.numel()
        msg = (f"epoch {epoch + 1}/{args.epochs} lr {lr:.5f} train_loss {tot_loss / seen:.4f} "
               f"train_acc {tot_correct / seen:.4f}")
        if (epoch + 1) % args.eval_every == 0 or epoch + 1 == args.epochs:
            top1, top5, tloss = evaluate(model, xte_cl, yte)
            msg += f" test_loss {tloss:.4f} test_top1 {top1:.4f} test_top5 {top5:.4f}"
        log(msg + f" epoch_s {time.time() - t0:.1f}")
    train_time = time.time() - t_start

    # ------------------------------------------------------------------ export
    model.eval()
    model = model.to(memory_format=torch.contiguous_format)
    os.makedirs(args.out, exist_ok=True)
    onnx_path = os.path.join(args.out, f"{args.model}.onnx")
    dummy = torch.zeros(1, 1, 28, 28, dtype=torch.float32)
    torch.onnx.export(
        model, dummy, onnx_path,
        export_params=True,
        opset_version=OPSET,
        do_constant_folding=True,
        training=torch.onnx.TrainingMode.EVAL,
        input_names=["input"],
        output_names=["logits"],
        dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}},
    )
    # final accuracy measured on the eval-mode model that was exported
    top1, top5, tloss = evaluate(model, xte, yte)
    log(f"final eval-mode test_top1 {top1:.4f} test_top5 {top5:.4f} test_loss {tloss:.4f}")
    log(f"train time {train_time:.1f} s; exported {onnx_path} ({os.path.getsize(onnx_path)} bytes)")

    meta = {
        "model": args.model,
        "architecture": {
            "fmnist-resnet20": "ResNet-20 v2 (pre-activation BN-ReLU-conv), 3 stages x 3 blocks, "
                               "16/32/64 channels, stride 2 at stages 2 and 3, 1x1 projection "
                               "shortcuts, final BN-ReLU-GAP-linear; ReLU activations",
            "fmnist-effnet": "EfficientNet-style: stem conv3x3 s1 16ch + BN + swish; MBConv blocks "
                             "(expand 1x1 + BN + swish, depthwise 3x3/5x5 + BN + swish, SE "
                             "(GAP, 1x1 reduce, swish, 1x1 expand, sigmoid, mul), project 1x1 + BN, "
                             "residual when shapes match) config (expand,kernel,stride,cout,repeats)="
                             + json.dumps(SmallEffNet.CONFIG) + "; head 1x1 conv 256 + BN + swish, "
                             "GAP, dropout 0.2, linear; swish = x*sigmoid(x)",
        }[args.model],
        "parameters": nparams,
        "recipe_command": command,
        "seed": args.seed,
        "epochs": args.epochs,
        "batch_size": args.batch_size,
        "optimizer": f"SGD momentum 0.9 nesterov, lr {args.lr}, linear warmup {args.warmup_epochs} "
                     f"epoch(s) then cosine to 0 (per step), weight decay {args.weight_decay} "
                     "(conv/linear weights only)",
        "augmentation": "random crop 28x28 from 2-pixel zero-padded image + random horizontal flip (seeded)",
        "train_time_s": round(train_time, 1),
        "torch_version": torch.__version__,
        "ann_top1": top1,
        "ann_top5": top5,
        "ann_test_loss": tloss,
        "test_set": "Fashion-MNIST t10k, 10000 images",
        "preprocessing": {
            "formula": "x = (pixel / 255 - mean) / std",
            "mean": MEAN,
            "std": STD,
            "layout": "NCHW",
            "input_name": "input",
            "input_shape": ["N", 1, 28, 28],
            "input_dtype": "float32",
            "output_name": "logits",
            "output_shape": ["N", 10],
        },
        "opset": OPSET,
        "onnx_file": os.path.basename(onnx_path),
        "onnx_bytes": os.path.getsize(onnx_path),
        "onnx_sha256": sha256(onnx_path),
    }
    meta_path = os.path.join(args.out, f"{args.model}.json")
    with open(meta_path, "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    log(f"wrote {meta_path}")


if __name__ == "__main__":
    main()
