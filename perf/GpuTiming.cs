namespace KernelGen.Perf;

/// <summary>Warm-up then repeated timing of enqueued work with stream events; reports the median.</summary>
public static class GpuTiming
{
    /// <summary>
    /// Median milliseconds between an event recorded before <paramref name="enqueue"/> and one after it, over at
    /// least <see cref="SuiteOptions.MinRuns"/> runs and <see cref="SuiteOptions.MinSeconds"/> seconds of device time,
    /// after <paramref name="warmup"/> untimed runs.
    /// </summary>
    public static double MedianMs(AcceleratorStream stream, Action enqueue, SuiteOptions options, int warmup = 3)
    {
        for (int i = 0; i < warmup; i++) enqueue();
        stream.Synchronize();
        var times = new List<double>();
        double total = 0;
        while (times.Count < options.MinRuns || total < options.MinSeconds * 1000)
        {
            using var start = stream.RecordEvent();
            enqueue();
            using var end = stream.RecordEvent();
            end.Synchronize();
            double ms = end.ElapsedMillisecondsSince(start);
            times.Add(ms);
            total += ms;
            if (times.Count >= 1000) break;
        }
        times.Sort();
        int n = times.Count;
        return n % 2 == 1 ? times[n / 2] : 0.5 * (times[n / 2 - 1] + times[n / 2]);
    }
}
