using KernelGen.Runtime.Cpu;

namespace KernelGen.Kernels.Cpu;

/// <summary>
/// The CPU SGEMM's cache blocking, derived from the host's caches and the micro-tile instead of constants tuned on one
/// machine:
/// <list type="bullet">
/// <item><b>kc</b>: a kc × nr micro-panel of packed B, reused by every mr-row micro-panel of A, fits in L1; no deeper
/// than 256, which measured best for both micro-kernels on Zen 4 (one thread, 512³: 86% of the core's peak at 256,
/// 73% at the 144 that Low et al.'s analytical model of L1 ways gives; 384 and 512 no better), and no shallower
/// than 64.</item>
/// <item><b>mc</b>: the packed mc × kc block of A fills half of one core's L2.</item>
/// <item><b>nc</b>: the packed kc × nc block of B fills half of one core's share of L3, at most 4,096 columns (4 MiB
/// of packed B per thread at kc = 256).</item>
/// </list>
/// </summary>
internal readonly record struct GemmBlocking(int Kc, int Mc, int Nc)
{
    /// <summary>The blocking for <paramref name="host"/> and an <paramref name="mr"/> × <paramref name="nr"/> micro-tile.</summary>
    public static GemmBlocking Derive(CpuHost host, int mr, int nr)
    {
        if (mr <= 0 || nr <= 0) return new(256, 512, 4096);
        int kc = (int)Math.Clamp(host.L1DataBytes / (nr * sizeof(float)) / 8 * 8, 64, 256);
        int mc = (int)Math.Clamp(host.L2Bytes / 2 / ((long)kc * sizeof(float)) / mr * mr, mr, 4096 / mr * mr);
        int nc = (int)Math.Clamp(host.L3Bytes / 2 / ((long)kc * sizeof(float)) / nr * nr, nr, 4096 / nr * nr);
        return new(kc, mc, nc);
    }

    /// <inheritdoc/>
    public override string ToString() => $"kc {Kc}, mc {Mc}, nc {Nc}";
}
