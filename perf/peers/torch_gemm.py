#!/usr/bin/python3
"""PyTorch FP32 matmul: the peer of `KernelGen.Perf gemm --device cpu|cuda[:N]`.

--device cpu: OpenBLAS/MKL-backed torch.matmul, wall-clock timing (Debian's /usr/bin/python3 has python3-torch).
--device cuda[:N]: cuBLAS through torch.matmul with TF32 turned off (true FP32, like our kernels), timed with
CUDA events around each call. Writes one JSON object per case with the same fields as the C# suite: device
("cpu-torch" or "cuda-torch"), op, shape (m x n x k), ms (median after warm-up), gflops, pct_peak (against
--peak, if given). Other devices (opencl) have no torch counterpart: the script says so and exits with 3.
"""
import argparse
import json
import statistics
import time

import torch

from peer_timing import median_ms, require_fast_blas

DEFAULT_SHAPES = ("256x256x256,512x512x512,1024x1024x1024,2048x2048x2048,"
                  "1760x128x1760,2048x64x2048,2560x16x2560,4096x128x4096")


def median_ms_cuda(fn, runs, seconds, warmup=3):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    times = []
    total = 0.0
    while len(times) < runs or total < seconds * 1e3:
        start = torch.cuda.Event(enable_timing=True)
        end = torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        end.synchronize()
        ms = start.elapsed_time(end)
        times.append(ms)
        total += ms
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
    ap.add_argument("--device", default="cpu", help="cpu or cuda[:N]")
    args = ap.parse_args()

    backend = args.device.split(":")[0]
    if backend not in ("cpu", "cuda"):
        print(f"torch_gemm.py: torch has no '{args.device}' device (use cpu or cuda)", flush=True)
        raise SystemExit(3)
    if backend == "cuda":
        if not torch.cuda.is_available():
            print("torch_gemm.py: torch.cuda is not available", flush=True)
            raise SystemExit(3)
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
    device = torch.device(args.device)
    torch.set_num_threads(args.threads)
    if backend == "cpu":
        require_fast_blas("torch_gemm.py")
    torch.manual_seed(0)
    records = []
    for shape in args.shapes.split(","):
        m, n, k = (int(x) for x in shape.split("x"))
        a = torch.rand(m, k, dtype=torch.float32, device=device) * 2 - 1
        b = torch.rand(k, n, dtype=torch.float32, device=device) * 2 - 1
        c = torch.empty(m, n, dtype=torch.float32, device=device)
        timer = median_ms_cuda if backend == "cuda" else median_ms
        ms = timer(lambda: torch.matmul(a, b, out=c), args.runs, args.seconds)
        gflops = 2.0 * m * n * k / (ms * 1e6)
        rec = {"device": f"{backend}-torch", "op": "sgemm", "shape": shape, "ms": round(ms, 4),
               "gflops": round(gflops, 2),
               "pct_peak": round(100 * gflops / args.peak, 1) if args.peak > 0 else None}
        records.append(rec)
        where = torch.cuda.get_device_name(device) if backend == "cuda" else f"{torch.get_num_threads()} threads"
        print(f"  {rec['op']} {shape:<16} {ms:10.3f} ms {gflops:8.1f} GFLOP/s  (torch {torch.__version__}, {where})",
              flush=True)
    if args.json:
        with open(args.json, "w") as f:
            for rec in records:
                f.write(json.dumps(rec) + "\n")


if __name__ == "__main__":
    main()
