using KernelGen.Kernels;

namespace KernelGen.Perf.Suites;

/// <summary>
/// Convolution layers of a DCGAN for 28×28 digits and of a convolutional autoencoder at batch 128: forward,
/// backward-data and backward-weights of each, through <see cref="Conv"/> on the CPU accelerator.
/// Shape labels: c|t (conv or transposed), N x C x H (square input) - K k kernel s stride p padding.
/// </summary>
public sealed class ConvSuite : ISuite
{
    /// <inheritdoc/>
    public string Name => "conv";

    /// <inheritdoc/>
    public IReadOnlyList<string> Devices { get; } = ["cpu"];

    private static readonly string[] Layers =
    [
        "c128x1x28-64k4s2p1", "c128x64x14-128k4s2p1", "t128x128x7-64k4s2p1", "t128x64x14-1k4s2p1",   // DCGAN D, G
        "c128x1x28-16k3s1p1", "c128x16x14-32k3s1p1", "t128x32x7-16k2s2p0", "t128x16x14-1k2s2p0",     // autoencoder
    ];

    /// <summary>A parsed shape label.</summary>
    private sealed record Layer(bool Transposed, int N, int C, int H, int K, int Kernel, int Stride, int Pad)
    {
        public static Layer Parse(string s)
        {
            var parts = s[1..].Split('-');
            var a = parts[0].Split('x').Select(int.Parse).ToArray();
            var b = parts[1].Split('k', 's', 'p').Select(int.Parse).ToArray();
            return new Layer(s[0] == 't', a[0], a[1], a[2], b[0], b[1], b[2], b[3]);
        }

        public Conv2dShape Conv => new Conv2dShape(N, C, H, H, K, Kernel, Kernel).WithStride(Stride).WithPadding(Pad);
        public ConvTranspose2dShape Trans => new ConvTranspose2dShape(N, C, H, H, K, Kernel, Kernel).WithStride(Stride).WithPadding(Pad);

        /// <summary>2 · multiply-adds of one pass (the same for forward and both gradients).</summary>
        public double Flops => Transposed
            ? 2.0 * N * C * K * Kernel * Kernel * H * H
            : 2.0 * N * C * K * Kernel * Kernel * Conv.OutHeight * Conv.OutWidth;
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Shapes(SuiteOptions options) => options.Shapes ?? Layers;

    /// <inheritdoc/>
    public string? PeerScript(string peer) => peer == "torch" ? "torch_conv.py" : null;

    /// <inheritdoc/>
    public IEnumerable<BenchRecord> Run(SuiteOptions options, double peakGflops)
    {
        using var context = Context.Create();
        using var acc = context.GetDevice(options.Device).CreateAccelerator();
        foreach (var label in Shapes(options))
            foreach (var r in Measure(acc, label, options, peakGflops))
                yield return r;
    }

    private static IEnumerable<BenchRecord> Measure(Accelerator acc, string label, SuiteOptions options, double peak)
    {
        var l = Layer.Parse(label);
        long xLen = l.Transposed ? l.Trans.InputLength : l.Conv.InputLength;
        long yLen = l.Transposed ? l.Trans.OutputLength : l.Conv.OutputLength;
        long wLen = l.Transposed ? l.Trans.WeightLength : l.Conv.WeightLength;
        int scratchLen = l.Transposed ? Conv.ConvTranspose2dScratchLength(l.Trans) : Conv.Conv2dScratchLength(l.Conv);
        using var x = acc.Allocate<float>(Random((int)xLen, 1), "x");
        using var w = acc.Allocate<float>(Random((int)wLen, 2), "w");
        using var b = acc.Allocate<float>(Random(l.Transposed ? l.K : l.K, 3), "b");
        using var y = acc.Allocate<float>((int)yLen, "y");
        using var dy = acc.Allocate<float>(Random((int)yLen, 4), "dy");
        using var dx = acc.Allocate<float>((int)xLen, "dx");
        using var dw = acc.Allocate<float>((int)wLen, "dw");
        using var scratch = acc.Allocate<float>(scratchLen, "scratch");
        var s = acc.DefaultStream;
        var passes = new (string Op, Action Run)[]
        {
            ("fwd", () => { if (l.Transposed) Conv.ConvTranspose2d(s, x, w, b, y, scratch, l.Trans); else Conv.Conv2d(s, x, w, b, y, scratch, l.Conv); }),
            ("bwdd", () => { if (l.Transposed) Conv.ConvTranspose2dBackwardData(s, dy, w, dx, scratch, l.Trans); else Conv.Conv2dBackwardData(s, dy, w, dx, scratch, l.Conv); }),
            ("bwdw", () => { if (l.Transposed) Conv.ConvTranspose2dBackwardWeights(s, x, dy, dw, scratch, l.Trans); else Conv.Conv2dBackwardWeights(s, x, dy, dw, scratch, l.Conv); }),
        };
        var records = new List<BenchRecord>();
        foreach (var (op, run) in passes)
        {
            double ms = Timing.MedianMs(() => { run(); s.Synchronize(); }, options);
            double gflops = l.Flops / (ms * 1e6);
            records.Add(new BenchRecord(options.Device, op, label, ms, gflops, peak > 0 ? 100 * gflops / peak : null));
        }
        return records;
    }

    private static float[] Random(int n, int seed)
    {
        var rng = new Random(seed);
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)(rng.NextDouble() * 2 - 1);
        return v;
    }
}
