"""Timing shared by the PyTorch peer scripts: warm up, then repeat until both a count and a duration are met,
and report the median in milliseconds (the same rule as the C# suites)."""
import statistics
import time


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


def cpu_blas():
    """The BLAS library this process multiplies with on the CPU, as a path (or 'mkl' for a build with MKL inside),
    found from the libraries mapped after one product; None when none can be told."""
    import os
    import torch
    torch.ones(64, 64) @ torch.ones(64, 64)
    if torch.backends.mkl.is_available():
        return "mkl"
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.lower() or "mkl" in line.lower()}
    except OSError:
        return None
    paths = sorted(os.path.realpath(p) for p in paths if p.startswith("/"))
    return next((p for p in paths if "libblas" in os.path.basename(p) or "openblas" in p or "blis" in p), paths[0] if paths else None)


def require_fast_blas(script):
    """Exits (code 3) with one line when PyTorch runs on the reference BLAS: Debian's python3-torch falls back to it
    silently when libopenblas0-pthread is missing, and a peer at about 6 GFLOP/s makes every ratio meaningless."""
    import sys
    blas = cpu_blas()
    if blas == "mkl" or (blas is not None and any(name in blas for name in ("openblas", "blis", "mkl"))):
        return blas
    where = f"the reference BLAS ({blas})" if blas else "a BLAS that cannot be identified"
    print(f"{script}: PyTorch multiplies on {where}; refusing to report peer numbers against it. "
          "Install OpenBLAS: sudo apt-get install libopenblas0-pthread", file=sys.stderr, flush=True)
    sys.exit(3)
