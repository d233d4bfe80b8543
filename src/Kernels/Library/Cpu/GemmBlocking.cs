using KernelGen.Runtime.Cpu;

namespace KernelGen.Kernels.Cpu;

/// <summary>
/// The CPU SGEMM's cache blocking, derived from the host's caches and the micro-tile (the analytical model of Low et
/// al., "Analytical modeling is enough for high-performance BLIS", 2016) instead of constants tuned on one machine:
/// <list type="bullet">
/// <item><b>kc</b>: a kc × nr micro-panel of packed B stays in L1 while mr × kc micro-panels of A stream past it: A is
/// given ⌊(ways − 1) / (1 + nr/mr)⌋ ways of L1, which sets kc.</item>
/// <item><b>mc</b>: the packed mc × kc block of A fills half of one core's L2.</item>
/// <item><b>nc</b>: the packed kc × nc block of B fills half of one core's share of L3 (at most 8,192 columns).</item>
/// </list>
/// </summary>
/// <param name="Kc">Depth of a packed slice of K.</param>
/// <param name="Mc">Rows of a packed block of A.</param>
/// <param name="Nc">Columns of a packed block of B.</param>
internal readonly record struct GemmBlocking(int Kc, int Mc, int Nc)
{
    private const int LineBytes = 64;

    /// <summary>The blocking for <paramref name="host"/> and an <paramref name="mr"/> × <paramref name="nr"/> micro-tile.</summary>
    public static GemmBlocking Derive(CpuHost host, int mr, int nr)
    {
        if (mr <= 0 || nr <= 0) return new(256, 512, 4096);
        long sets = Math.Max(1, host.L1DataBytes / (host.L1Ways * LineBytes));
        long waysForA = Math.Max(1, (long)Math.Floor((host.L1Ways - 1) / (1 + (double)nr / mr)));
        int kc = (int)Math.Clamp(waysForA * sets * LineBytes / (mr * sizeof(float)) / 8 * 8, 64, 1024);
        int mc = (int)Math.Clamp(host.L2Bytes / 2 / ((long)kc * sizeof(float)) / mr * mr, mr, 4096 / mr * mr);
        int nc = (int)Math.Clamp(host.L3Bytes / 2 / ((long)kc * sizeof(float)) / nr * nr, nr, 8192 / nr * nr);
        return new(kc, mc, nc);
    }

    /// <inheritdoc/>
    public override string ToString() => $"kc {Kc}, mc {Mc}, nc {Nc}";
}
