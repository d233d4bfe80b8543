#!/usr/bin/python3
"""PyTorch peer of `KernelGen.Perf train`: the same models (layer for layer), batch size and optimizer, timed the
same way (warm-up, then groups of steps ending in a read of the loss; median images/s). Eager mode always;
torch.compile too where this PyTorch has it (Debian's 1.13 does not).

/usr/bin/python3 perf/peers/torch_train.py --device cpu|cuda --models vae,ae --batch 128 [--threads 2] [--json OUT]
Writes one JSON line per (model, mode) with the fields of the C# TrainRecord.
"""
import argparse
import json
import resource
import time

import torch
import torch.nn.functional as F
from torch import nn

from peer_timing import require_fast_blas
from torch_models import MODELS


def measure(step, batch, device, warmup=5, groups=5, min_seconds=0.5):
    for _ in range(warmup):
        loss = step()
    float(loss)
    rates = []
    for _ in range(groups):
        steps, start = 0, time.perf_counter()
        while steps < 4 or time.perf_counter() - start < min_seconds:
            loss = step()
            steps += 1
        float(loss)
        if device == "cuda":
            torch.cuda.synchronize()
        rates.append(steps * batch / (time.perf_counter() - start))
    rates.sort()
    return rates[len(rates) // 2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--models", required=True)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    if args.device not in ("cpu", "cuda"):
        print(f"torch has no '{args.device}' device; no peer numbers")
        return 0
    torch.set_num_threads(args.threads)
    if args.device == "cpu":
        require_fast_blas("torch_train.py")
    device = torch.device(args.device)
    records = []
    modes = ["eager"] + (["compile"] if hasattr(torch, "compile") else [])
    note = f"torch {torch.__version__}, {torch.get_num_threads()} threads" + ("" if hasattr(torch, "compile") else ", torch.compile not available")
    for name in args.models.split(","):
        if name not in MODELS:
            print(f"  {name}: no PyTorch counterpart in torch_models.py; skipped")
            continue
        for mode in modes:
            torch.manual_seed(1)
            if device.type == "cuda":
                torch.cuda.reset_peak_memory_stats()
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            step = MODELS[name](args.batch, device, compile_model=(mode == "compile"))
            rate = measure(step, args.batch, args.device)
            if device.type == "cuda":
                peak = torch.cuda.max_memory_allocated()
            else:
                peak = max(0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) * 1024  # RSS growth
            rec = {"suite": "train", "side": f"torch-{mode}", "device": args.device, "model": name, "batch": args.batch,
                   "images_per_s": round(rate, 1), "step_ms": round(1000 * args.batch / rate, 3),
                   "peak_device_bytes": peak, "startup_cold_s": None, "startup_warm_s": None,
                   "note": note + ("" if device.type == "cuda" else "; CPU peak is the growth of the process's peak RSS")}
            records.append(rec)
            print(f"  torch-{mode} {name:<14} {rate:9.0f} images/s", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            for r in records:
                f.write(json.dumps(r) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
