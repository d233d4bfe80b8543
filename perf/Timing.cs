using System.Diagnostics;

namespace KernelGen.Perf;

/// <summary>Warm-up then repeated timing; reports the median.</summary>
public static class Timing
{
    /// <summary>Median milliseconds of <paramref name="action"/> after <paramref name="warmup"/> untimed runs.</summary>
    public static double MedianMs(Action action, SuiteOptions options, int warmup = 3)
    {
        for (int i = 0; i < warmup; i++) action();
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (times.Count < options.MinRuns || total.Elapsed.TotalSeconds < options.MinSeconds)
        {
            long t0 = Stopwatch.GetTimestamp();
            action();
            times.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            if (times.Count >= 1000) break;
        }
        times.Sort();
        int n = times.Count;
        return n % 2 == 1 ? times[n / 2] : 0.5 * (times[n / 2 - 1] + times[n / 2]);
    }
}
