using System.Runtime.InteropServices;
using KernelGen.Kernels.Cpu;

namespace KernelGen.Perf.Suites;

/// <summary>SGEMM C = A·B (row-major, no transposes, beta = 0): square sizes and DeepBench training shapes.</summary>
public sealed unsafe class GemmSuite : ISuite
{
    /// <inheritdoc/>
    public string Name => "gemm";

    /// <inheritdoc/>
    public IReadOnlyList<string> Devices { get; } = ["cpu"];

    private static readonly (int M, int N, int K)[] Regular =
    [
        (256, 256, 256), (512, 512, 512), (1024, 1024, 1024), (2048, 2048, 2048),
        (1760, 128, 1760), (2048, 64, 2048), (2560, 16, 2560), (4096, 128, 4096),
    ];

    private static readonly (int M, int N, int K)[] Large = [(4096, 4096, 4096)];

    private static IEnumerable<(int M, int N, int K)> Cases(SuiteOptions o)
    {
        if (o.Shapes is { } shapes)
            return shapes.Select(s => s.Split('x').Select(int.Parse).ToArray()).Select(v => (v[0], v[1], v[2]));
        return o.Large ? Regular.Concat(Large) : Regular;
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Shapes(SuiteOptions options) => Cases(options).Select(c => $"{c.M}x{c.N}x{c.K}").ToList();

    /// <inheritdoc/>
    public string? PeerScript(string peer) => peer == "torch" ? "torch_gemm.py" : null;

    /// <inheritdoc/>
    public IEnumerable<BenchRecord> Run(SuiteOptions options, double peakGflops) =>
        Cases(options).Select(c => Measure(c.M, c.N, c.K, options, peakGflops));

    private static BenchRecord Measure(int m, int n, int k, SuiteOptions options, double peakGflops)
    {
        float* a = Alloc((nint)m * k), b = Alloc((nint)k * n), c = Alloc((nint)m * n);
        try
        {
            Fill(a, (nint)m * k, 1);
            Fill(b, (nint)k * n, 2);
            double ms = Timing.MedianMs(() => CpuGemm.Sgemm(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n), options);
            double gflops = 2.0 * m * n * k / (ms * 1e6);
            return new BenchRecord(options.Device, "sgemm", $"{m}x{n}x{k}", ms, gflops,
                peakGflops > 0 ? 100 * gflops / peakGflops : null);
        }
        finally
        {
            NativeMemory.AlignedFree(a);
            NativeMemory.AlignedFree(b);
            NativeMemory.AlignedFree(c);
        }
    }

    private static float* Alloc(nint n) => (float*)NativeMemory.AlignedAlloc((nuint)(n * sizeof(float)), 64);

    private static void Fill(float* p, nint n, int seed)
    {
        var rng = new Random(seed);
        for (nint i = 0; i < n; i++) p[i] = (float)(rng.NextDouble() * 2 - 1);
    }
}
