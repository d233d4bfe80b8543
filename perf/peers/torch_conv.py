#!/usr/bin/python3
"""PyTorch conv2d / conv_transpose2d on the CPU: the peer of `KernelGen.Perf conv --device cpu`.

Run with Debian's /usr/bin/python3 (python3-torch). Shape labels as in the C# suite: c|t (conv or transposed),
N x C x H (square input) - K k kernel s stride p padding. Per layer it times forward (with bias), the input
gradient and the weight gradient (autograd.grad on a retained graph, so each computes only its own gradient)
and writes JSON lines with the C# fields: device "cpu-torch", op fwd|bwdd|bwdw, shape, ms (median), gflops, pct_peak.
"""
import argparse
import json
import re
import time

import torch

from peer_timing import median_ms, require_fast_blas
import torch.nn.functional as F


def layer(label):
    kind, n, c, h, k, ks, s, p = re.fullmatch(r"([ct])(\d+)x(\d+)x(\d+)-(\d+)k(\d+)s(\d+)p(\d+)", label).groups()
    return kind == "t", int(n), int(c), int(h), int(k), int(ks), int(s), int(p)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shapes", required=True)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--device", default="cpu", choices=["cpu"], help="only the CPU: this is the CPU peer")
    ap.add_argument("--json", default=None)
    ap.add_argument("--peak", type=float, default=0.0)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--seconds", type=float, default=1.0)
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    require_fast_blas("torch_conv.py")
    torch.manual_seed(0)
    records = []
    for label in args.shapes.split(","):
        transposed, n, c, h, k, ks, s, p = layer(label)
        x = (torch.rand(n, c, h, h) * 2 - 1).requires_grad_(True)
        if transposed:
            w = (torch.rand(c, k, ks, ks) * 2 - 1).requires_grad_(True)
            fwd = lambda: F.conv_transpose2d(x, w, b, s, p)
            flops = 2.0 * n * c * k * ks * ks * h * h
        else:
            w = (torch.rand(k, c, ks, ks) * 2 - 1).requires_grad_(True)
            fwd = lambda: F.conv2d(x, w, b, s, p)
        b = torch.rand(k)
        with torch.no_grad():
            out = fwd()
        if not transposed:
            flops = 2.0 * n * c * k * ks * ks * out.shape[2] * out.shape[3]
        y = fwd()
        dy = torch.rand_like(y)
        passes = [
            ("fwd", lambda: fwd_nograd(fwd)),
            ("bwdd", lambda: torch.autograd.grad(y, x, dy, retain_graph=True)),
            ("bwdw", lambda: torch.autograd.grad(y, w, dy, retain_graph=True)),
        ]
        for op, fn in passes:
            ms = median_ms(fn, args.runs, args.seconds)
            gflops = flops / (ms * 1e6)
            rec = {"device": "cpu-torch", "op": op, "shape": label, "ms": round(ms, 4), "gflops": round(gflops, 2),
                   "pct_peak": round(100 * gflops / args.peak, 1) if args.peak > 0 else None}
            records.append(rec)
            print(f"  {op} {label:<22} {ms:10.3f} ms {gflops:8.1f} GFLOP/s  (torch {torch.__version__}, "
                  f"{torch.get_num_threads()} threads)", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            for rec in records:
                f.write(json.dumps(rec) + "\n")


def fwd_nograd(fwd):
    with torch.no_grad():
        return fwd()


if __name__ == "__main__":
    main()
