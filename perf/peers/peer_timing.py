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
