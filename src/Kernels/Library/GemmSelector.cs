namespace KernelGen.Kernels;

/// <summary>
/// Which GEMM variant a call uses: a cached search result for (device, size bucket) if there is one; else the
/// search itself when <see cref="GemmTuner.SearchOnFirstUse"/> is on; else <see cref="GemmTable.Choose"/>.
/// The CPU ignores the choice (every variant runs the same CPU counterpart). A problem is decided once per device and
/// remembered until the tuning cache changes, so a training step's GEMMs build no keys and touch no files.
/// </summary>
public static class GemmSelector
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Device, int, int, int, int), (GemmVariant Variant, int Version, bool Searching)> Decided = new();

    /// <summary>The variant for this problem on <paramref name="acc"/>.</summary>
    public static GemmVariant Select(Accelerator acc, int m, int n, int k, int batch)
    {
        var device = acc.Device;
        if (device.Backend == Backend.Cpu) return GemmVariant.Tile64;
        var problem = (device, m, n, k, batch);
        int version = GemmTuneCache.Version;
        bool searching = GemmTuner.SearchOnFirstUse; // turned on later, it must still search problems decided from the table
        if (Decided.TryGetValue(problem, out var known) && known.Version == version && known.Searching == searching) return known.Variant;
        var variant = Decide(acc, m, n, k, batch);
        Decided[problem] = (variant, GemmTuneCache.Version, searching);
        return variant;
    }

    private static GemmVariant Decide(Accelerator acc, int m, int n, int k, int batch)
    {
        var device = acc.Device;
        string key = GemmTuneCache.Key(device, GemmTuneCache.Bucket(m, n, k, batch));
        if (GemmTuneCache.TryGet(key) is { } cached && cached.FitsOn(device)) return cached;
        if (GemmTuner.SearchOnFirstUse && k > 0) return GemmTuner.Tune(acc, m, n, k, batch).Winner;
        return GemmTable.Choose(device, m, n, k, batch);
    }
}
