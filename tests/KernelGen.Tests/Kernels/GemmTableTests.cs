using KernelGen.Kernels;

namespace KernelGen.Tests.Kernels;

/// <summary>The built-in variant table, on described (not real) devices.</summary>
public sealed class GemmTableTests
{
    private sealed class FakeDevice(Backend backend, string name, int units, int shared) : Device
    {
        public override Backend Backend => backend;
        public override int Index => 0;
        public override string Name => name;
        public override string Vendor => "NVIDIA";
        public override string DriverVersion => "test";
        public override long MemoryBytes => 80L << 30;
        public override int ComputeUnits => units;
        public override int MaxGroupSize => 1024;
        public override int SharedMemoryBytes => shared;
        public override double? PeakGflops => null;
        public override Accelerator CreateAccelerator() => throw new NotSupportedException();
    }

    private static readonly Device H100 = new FakeDevice(Backend.Cuda, "NVIDIA H100 80GB HBM3", 132, 48 * 1024);
    private static readonly Device SmallGpu = new FakeDevice(Backend.Cuda, "NVIDIA GeForce GTX 1650", 14, 48 * 1024);

    [TestCase(4096, 4096, 4096, 1, "tile128")]
    [TestCase(2048, 2048, 2048, 1, "tile128")]
    [TestCase(1024, 1024, 1024, 1, "tile64")]
    [TestCase(256, 256, 256, 1, "tile32")]
    [TestCase(1760, 128, 1760, 1, "tile32")]
    [TestCase(128, 128, 64, 64, "tile64")]
    [TestCase(8, 196, 72, 32, "tile32")]   // a small convolution's batched GEMM: no tile wider than its 8 rows' tile32
    [TestCase(64, 196, 576, 128, "tile64")]
    public void BigNvidiaGpu(int m, int n, int k, int batch, string expected) =>
        Assert.That(GemmTable.Choose(H100, m, n, k, batch).Name, Is.EqualTo(expected));

    [TestCase(4096, 4096, 4096, "tile64")]
    [TestCase(64, 64, 64, "tile32")]
    public void SmallGpuNeverUsesTheLargeTile(int m, int n, int k, string expected) =>
        Assert.That(GemmTable.Choose(SmallGpu, m, n, k, 1).Name, Is.EqualTo(expected));

    [Test]
    public void OpenClOnACpuIsNotMistakenForAnAmdGpu()
    {
        // PoCL on an AMD EPYC: "opencl cpu … AMD EPYC" must not match the GPU vendor rows (which need 40 units for tile128).
        var midGpu = new FakeDevice(Backend.Cuda, "NVIDIA RTX A2000", 26, 48 * 1024);
        Assert.That(GemmTable.Choose(midGpu, 4096, 4096, 4096, 1).Name, Is.EqualTo("tile64"));
        Assert.That(GemmTable.Rows.First(r => System.Text.RegularExpressions.Regex.IsMatch(
            "opencl cpu Portable Computing Language pthread-skylake-avx512-AMD EPYC", r.Pattern,
            System.Text.RegularExpressions.RegexOptions.IgnoreCase)).Pattern, Does.StartWith("^opencl cpu"));
    }

    [Test]
    public void VariantsThatDoNotFitAreSkipped()
    {
        var tiny = new FakeDevice(Backend.Cuda, "NVIDIA H100 (16 KiB shared)", 132, 16 * 1024);
        Assert.That(GemmVariant.Tile128.FitsOn(tiny), Is.False);
        Assert.That(GemmTable.Choose(tiny, 8192, 8192, 8192, 1).Name, Is.EqualTo("tile64"));
        var none = new FakeDevice(Backend.Cuda, "NVIDIA toy", 1, 1024);
        // No shared-tile variant fits in 1 KiB; the register-block variant needs no shared memory.
        Assert.That(GemmTable.Choose(none, 8, 8, 8, 1), Is.SameAs(GemmVariant.Register));
    }
}
