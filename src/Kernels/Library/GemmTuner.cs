namespace KernelGen.Kernels;

/// <summary>
/// The one-time search: times every variant that fits the device on a problem of the bucket's size and caches
/// the fastest in <see cref="GemmTuneCache"/>. It allocates its own operands (capped at 2048 per dimension
/// and at 64 batch items or 16 Mi floats per operand) and frees them; it is the only GEMM path that allocates, and it runs once per
/// (device, bucket) — explicitly through <see cref="Tune"/>, or on first use when <see cref="SearchOnFirstUse"/> is set.
/// </summary>
public static class GemmTuner
{
    /// <summary>Environment variable that, set to 1, turns on <see cref="SearchOnFirstUse"/>.</summary>
    public const string TuneVariable = "KERNELGEN_GEMM_TUNE";

    /// <summary>Whether <see cref="Blas"/> runs the search the first time it meets a (device, bucket) with no cached winner.</summary>
    public static bool SearchOnFirstUse { get; set; } = Environment.GetEnvironmentVariable(TuneVariable) == "1";

    /// <summary>Timed runs per candidate (after one warm-up run); the median counts.</summary>
    public static int Runs { get; set; } = 3;

    /// <summary>
    /// Times each variant that fits on <paramref name="acc"/> for the given shape, stores the winner for the
    /// shape's bucket and returns it with every candidate's median milliseconds.
    /// </summary>
    public static (GemmVariant Winner, IReadOnlyList<(GemmVariant Variant, double Ms)> Times) Tune(
        Accelerator acc, int m, int n, int k, int batch = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(m, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        var device = acc.Device;
        string key = GemmTuneCache.Key(device, GemmTuneCache.Bucket(m, n, k, batch));
        int tm = Math.Min(m, 2048), tn = Math.Min(n, 2048), tk = Math.Min(k, 2048);
        int tb = (int)Math.Clamp((1L << 24) / Math.Max((long)tm * tk, Math.Max((long)tk * tn, (long)tm * tn)), 1, Math.Min(batch, 64));
        var candidates = GemmVariant.All.Where(v => v.FitsOn(device)).ToList();
        if (candidates.Count == 0) throw new NotSupportedException($"Gemm: no GEMM variant fits {device.Name}.");
        var stream = acc.DefaultStream;
        using var a = acc.Allocate<float>(tb * tm * tk, "gemm-tune-A");
        using var b = acc.Allocate<float>(tb * tk * tn, "gemm-tune-B");
        using var c = acc.Allocate<float>(tb * tm * tn, "gemm-tune-C");
        a.Zero(stream: stream);
        b.Zero(stream: stream);
        var times = new List<(GemmVariant, double)>();
        foreach (var v in candidates)
        {
            void Run() => Blas.GemmStridedBatched(stream, false, false, tm, tn, tk, 1f, a, tk, tm * tk, b, tn, tk * tn,
                0f, c, tn, tm * tn, tb, variant: v);
            Run();
            var samples = new List<double>();
            for (int r = 0; r < Math.Max(1, Runs); r++)
            {
                using var start = stream.RecordEvent();
                Run();
                using var end = stream.RecordEvent();
                end.Synchronize();
                samples.Add(end.ElapsedMillisecondsSince(start));
            }
            samples.Sort();
            times.Add((v, samples[samples.Count / 2]));
        }
        var winner = times.MinBy(t => t.Item2).Item1;
        GemmTuneCache.Store(key, winner);
        return (winner, times);
    }
}
