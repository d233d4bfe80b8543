using System.Runtime.InteropServices;
using KernelGen.Kernels;
using KernelGen.Kernels.Cpu;

namespace KernelGen.Perf.Suites;

/// <summary>
/// SGEMM C = A·B (row-major, no transposes, beta = 0). On the CPU: <see cref="CpuGemm"/> over host memory, timed
/// with a stopwatch. On <c>opencl</c>/<c>cuda</c>: <see cref="Blas.Gemm"/> on device buffers, timed with stream
/// events; the variant is the selector's (table, cached search, or the search itself with <c>--tune</c>) unless
/// <c>--variant</c> forces one.
/// </summary>
public sealed unsafe class GemmSuite : ISuite
{
    /// <inheritdoc/>
    public string Name => "gemm";

    /// <inheritdoc/>
    public IReadOnlyList<string> Devices { get; } = ["cpu", "opencl", "cuda"];

    private static readonly (int M, int N, int K)[] Regular =
    [
        (256, 256, 256), (512, 512, 512), (1024, 1024, 1024), (2048, 2048, 2048),
        (1760, 128, 1760), (2048, 64, 2048), (2560, 16, 2560), (4096, 128, 4096),
    ];

    private static readonly (int M, int N, int K)[] Large = [(4096, 4096, 4096)];

    /// <summary>GPU list: squares 256–4096 and DeepBench training GEMMs (m×n×k; DeepBench's M, N, K).</summary>
    private static readonly (int M, int N, int K)[] Gpu =
    [
        (256, 256, 256), (512, 512, 512), (1024, 1024, 1024), (2048, 2048, 2048), (4096, 4096, 4096),
        (1760, 16, 1760), (1760, 128, 1760), (1760, 7000, 1760), (2048, 64, 2048), (2048, 7000, 2048),
        (2560, 16, 2560), (2560, 7000, 2560), (4096, 128, 4096), (4096, 7000, 4096), (5124, 9124, 2560), (35, 8457, 2560),
    ];

    private static readonly (int M, int N, int K)[] GpuLarge = [(8192, 8192, 8192), (7680, 24000, 2560)];

    private static IEnumerable<(int M, int N, int K)> Cases(SuiteOptions o)
    {
        if (o.Shapes is { } shapes)
            return shapes.Select(s => s.Split('x').Select(int.Parse).ToArray()).Select(v => (v[0], v[1], v[2]));
        if (PerfDevices.BackendOf(o.Device) != "cpu") return o.Large ? Gpu.Concat(GpuLarge) : Gpu;
        return o.Large ? Regular.Concat(Large) : Regular;
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Shapes(SuiteOptions options) => Cases(options).Select(c => $"{c.M}x{c.N}x{c.K}").ToList();

    /// <inheritdoc/>
    public string? PeerScript(string peer) => peer == "torch" ? "torch_gemm.py" : null;

    /// <inheritdoc/>
    public IEnumerable<BenchRecord> Run(SuiteOptions options, double peakGflops) =>
        Cases(options).Select(c => PerfDevices.BackendOf(options.Device) == "cpu"
            ? Measure(c.M, c.N, c.K, options, peakGflops)
            : MeasureDevice(c.M, c.N, c.K, options, peakGflops));

    private static BenchRecord MeasureDevice(int m, int n, int k, SuiteOptions options, double peakGflops)
    {
        var acc = PerfDevices.Accelerator(options.Device);
        var stream = acc.DefaultStream;
        using var a = acc.Allocate<float>(Random((long)m * k, 1), "A");
        using var b = acc.Allocate<float>(Random((long)k * n, 2), "B");
        using var c = acc.Allocate<float>(m * n, "C");
        var variant = options.Variant is { } name
            ? GemmVariant.ByName(name) ?? throw new ArgumentException($"unknown variant '{name}'; known: {string.Join(", ", GemmVariant.All.Select(v => v.Name))}")
            : GemmSelector.Select(acc, m, n, k, 1);
        double ms = GpuTiming.MedianMs(stream,
            () => Blas.GemmStridedBatched(stream, false, false, m, n, k, 1f, a, k, 0, b, n, 0, 0f, c, n, 0, 1, variant: variant), options);
        double gflops = 2.0 * m * n * k / (ms * 1e6);
        return new BenchRecord(options.Device, "sgemm", $"{m}x{n}x{k}", ms, gflops,
            peakGflops > 0 ? 100 * gflops / peakGflops : null) { Variant = variant.Name };
    }

    private static float[] Random(long count, int seed)
    {
        if (count > int.MaxValue) throw new ArgumentException($"an operand of {count} floats is too large for one buffer");
        var rng = new Random(seed);
        var data = new float[count];
        for (long i = 0; i < count; i++) data[i] = (float)(rng.NextDouble() * 2 - 1);
        return data;
    }

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
