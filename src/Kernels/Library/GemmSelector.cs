namespace KernelGen.Kernels;

/// <summary>
/// Which GEMM variant a call uses: a cached search result for (device, size bucket) if there is one; else the
/// search itself when <see cref="GemmTuner.SearchOnFirstUse"/> is on; else <see cref="GemmTable.Choose"/>.
/// The CPU ignores the choice (every variant runs the same CPU counterpart).
/// </summary>
public static class GemmSelector
{
    /// <summary>The variant for this problem on <paramref name="acc"/>.</summary>
    public static GemmVariant Select(Accelerator acc, int m, int n, int k, int batch)
    {
        var device = acc.Device;
        if (device.Backend == Backend.Cpu) return GemmVariant.Tile64;
        string key = GemmTuneCache.Key(device, GemmTuneCache.Bucket(m, n, k, batch));
        if (GemmTuneCache.TryGet(key) is { } cached && cached.FitsOn(device)) return cached;
        if (GemmTuner.SearchOnFirstUse && k > 0) return GemmTuner.Tune(acc, m, n, k, batch).Winner;
        return GemmTable.Choose(device, m, n, k, batch);
    }
}
