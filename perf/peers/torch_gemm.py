#!/usr/bin/python3
"""PyTorch (OpenBLAS/MKL-backed) FP32 matmul on the CPU: the peer of `KernelGen.Perf gemm --device cpu`.

Run with Debian's /usr/bin/python3 (it has python3-torch). Writes one JSON object per case with the
same fields as the C# suite: device ("cpu-torch"), op, shape (m x n x k), ms (median after warm-up),
gflops, pct_peak (against --peak, if given).
"""
import argparse
import json
import statistics
import time

import torch

DEFAULT_SHAPES = ("256x256x256,512x512x512,1024x1024x1024,2048x2048x2048,"
                  "1760x128x1760,2048x64x2048,2560x16x2560,4096x128x4096")


def median_ms(fn, runs, seconds, warmup=3):
    for _ in range(warmup):
        fn()
    times = []
    start = time.perf_counter()
    while len(times) < runs or time.perf_counter() - start < seconds:
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
        if len(times) >= 1000:
            break
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shapes", default=DEFAULT_SHAPES, help="comma-separated MxNxK")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", default=None, help="file for JSON lines")
    ap.add_argument("--peak", type=float, default=0.0, help="device peak GFLOP/s for pct_peak")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--seconds", type=float, default=1.0)
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    records = []
    for shape in args.shapes.split(","):
        m, n, k = (int(x) for x in shape.split("x"))
        a = torch.rand(m, k, dtype=torch.float32) * 2 - 1
        b = torch.rand(k, n, dtype=torch.float32) * 2 - 1
        c = torch.empty(m, n, dtype=torch.float32)
        ms = median_ms(lambda: torch.matmul(a, b, out=c), args.runs, args.seconds)
        gflops = 2.0 * m * n * k / (ms * 1e6)
        rec = {"device": "cpu-torch", "op": "sgemm", "shape": shape, "ms": round(ms, 4),
               "gflops": round(gflops, 2),
               "pct_peak": round(100 * gflops / args.peak, 1) if args.peak > 0 else None}
        records.append(rec)
        print(f"  {rec['op']} {shape:<16} {ms:10.3f} ms {gflops:8.1f} GFLOP/s  (torch {torch.__version__}, "
              f"{torch.get_num_threads()} threads)", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            for rec in records:
                f.write(json.dumps(rec) + "\n")


if __name__ == "__main__":
    main()
