using System.Runtime.Intrinsics.X86;
using KernelGen.Kernels.Cpu;
using KernelGen.Runtime.Cpu;

namespace KernelGen.Perf;

/// <summary>
/// What every CPU measurement prints first: the host (cores, caches), the vector path in use and whether the hardware
/// has a wider one, the choices derived from the host (GEMM blocking, pool spin) and the FMA peak measured now.
/// </summary>
public static class CpuReport
{
    /// <summary>Prints the host's lines and returns its FMA peak measured now, in GFLOP/s.</summary>
    public static double PrintHostAndMeasurePeak(string indent = "")
    {
        double peak = PeakFlops.MeasureCpu();
        var host = CpuHost.Current;
        Console.WriteLine($"{indent}host: {host.Describe()}{HardwareNote(host.VectorPath)}");
        Console.WriteLine($"{indent}derived: GEMM micro-kernel {CpuGemm.KernelName}, blocking {GemmDriver.Blocking} " +
                          $"(from the caches), pool of {CpuThreadPool.Shared.ThreadCount} threads polling {CpuThreadPool.Shared.SpinMicroseconds:F0} µs; " +
                          $"measured FMA peak {BenchRecord.F(peak, 0)} GFLOP/s");
        return peak;
    }

    /// <summary>The peak measured again at the end, with how far it moved (a host whose peak moves was not quiet).</summary>
    public static void PrintPeakDrift(double before, string indent = "")
    {
        double after = PeakFlops.MeasureCpu();
        double drift = before > 0 ? (after - before) / before * 100 : 0;
        Console.WriteLine($"{indent}FMA peak measured again at the end: {BenchRecord.F(after, 0)} GFLOP/s ({drift:+0;-0}% of the start)" +
                          (Math.Abs(drift) > 10 ? " — the host's speed changed during the run; compare ratios with care" : ""));
    }

    private static string HardwareNote(string path) =>
        path != "AVX-512" && X86Base.IsSupported && (X86Base.CpuId(7, 0).Ebx & (1 << 16)) != 0
            ? "; the hardware has AVX-512F, which the runtime was told not to use (DOTNET_EnableAVX512=0)"
            : "";
}
