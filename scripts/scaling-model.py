#!/usr/bin/env python3
"""The data-parallel scaling model of docs/scaling.md: per-GPU step time against the ring all-reduce of each model's
gradients, for 8 H100s over NVLink (NCCL) and 4 nodes over 100 Gb/s Ethernet. Prints the markdown tables.

Inputs per model (measured on the CPU, 2026-12-04): kernels per training iteration (launches + fills, perf train
--counters), multiply-add FLOPs per image (perf train: step GFLOP/s ÷ images/s), and the gradient arena each
exchange reduces (kelgen's all-reduce summary under mpirun). Assumptions (no GPU has run KernelGen yet): see ASSUME.
"""
import math

# kernels per iteration, MFLOP per image, MB per exchange, exchanges per iteration
MODELS = {
    "vae":        (32 + 9,    3.28, 2.61, 1),
    "gan":        (76 + 28,   5.74, 1.12, 2),
    "cgan":       (None,      5.79, 1.13, 2),
    "wgan":       (None,      3.53, 1.07, 1),
    "conv-ae":    (26 + 13,   9.18, 0.46, 1),
    "conv-vae":   (34 + 13,  21.4,  1.03, 1),
    "db-vae":     (51 + 20,  21.2,  0.89, 1),
    "classifier": (28 + 12,  25.0,  1.69, 1),
    "dcgan":      (83 + 33, 162.0,  1.81, 2),
    "pixelcnn":   (56 + 24, 608.0,  0.52, 1),
    "pixelrnn":   (365 + 234, 391.0, 0.34, 1),
}
MODELS["cgan"] = (MODELS["gan"][0],) + MODELS["cgan"][1:]   # same players plus the label inputs
MODELS["wgan"] = (MODELS["gan"][0] // 2,) + MODELS["wgan"][1:]  # one player's step per batch

ASSUME = dict(
    rate=17e12,       # FLOP/s our FP32 kernels sustain on an H100 SXM: 25% of its 67 TFLOP/s FP32 (no tensor cores)
    kernel=4e-6,      # s per kernel of an uncaptured step: launch, plus a small kernel's own run
    nvlink_bw=450e9,  # B/s NCCL ring bus bandwidth on 8 H100 SXM (NVLink 4; nccl-tests report 460-480 GB/s at large sizes)
    nvlink_lat=15e-6, # s per all-reduce call of a few MB on 8 GPUs (latency-bound: the LL/LL128 protocols)
    eth_bw=11e9,      # B/s of 100 Gb/s Ethernet (12.5 GB/s line rate, 88% of it)
    eth_lat=50e-6,    # s per all-reduce call over 4 nodes (4 hops of RoCE/TCP and NCCL's network proxy)
)

def step(model, b):
    kernels, mflop, _, _ = MODELS[model]
    return kernels * ASSUME["kernel"] + mflop * 1e6 * b / ASSUME["rate"]

def allreduce(model, n, bw, lat):
    _, _, mb, exchanges = MODELS[model]
    return exchanges * (lat + 2 * (n - 1) / n * mb * 1e6 / bw)

def efficiency(model, b, n, bw, lat):
    t = step(model, b)
    return t / (t + allreduce(model, n, bw, lat))

def smallest_batch(model, n, bw, lat, goal=0.9):
    for b in [2 ** k for k in range(0, 14)]:
        if efficiency(model, b, n, bw, lat) >= goal: return b
    return None

nv = (8, ASSUME["nvlink_bw"], ASSUME["nvlink_lat"])
eth = (4, ASSUME["eth_bw"], ASSUME["eth_lat"])
batches = [16, 64, 128, 512]
print("| model | kernels / iteration | MFLOP / image | MB reduced / iteration | step at 16 / 128 per GPU | 8×H100 all-reduce | "
      + " | ".join(f"8×H100 E at {b}/GPU" for b in batches) + " | 8×H100 90% from | 4 nodes all-reduce | 4 nodes E at 128/GPU | 4 nodes 90% from |")
print("|---|---:|---:|---:|---:|---:|" + "---:|" * len(batches) + "---:|---:|---:|---:|")
for m, (k, f, mb, x) in MODELS.items():
    cells = [m, str(k), f"{f:g}", f"{mb * x:.2f}", f"{step(m, 16) * 1e6:,.0f} / {step(m, 128) * 1e6:,.0f} µs",
             f"{allreduce(m, *nv) * 1e6:.0f} µs"]
    cells += [f"{efficiency(m, b, *nv):.0%}" for b in batches]
    cells += [str(smallest_batch(m, *nv) or "—"), f"{allreduce(m, *eth) * 1e6:.0f} µs", f"{efficiency(m, 128, *eth):.0%}",
              str(smallest_batch(m, *eth) or "> 8192")]
    print("| " + " | ".join(cells) + " |")
