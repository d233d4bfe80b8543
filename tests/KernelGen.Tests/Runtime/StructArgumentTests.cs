using System.Reflection;
using KernelGen.Kernels;
using KernelGen.Tests.Generator;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Runtime;

/// <summary>A struct-parameter kernel, generated from a snippet, launched on every backend; and bad struct arguments.</summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.KernelBackends))]
public sealed class StructArgumentTests(string backend) : DeviceFixture(backend)
{
    private static readonly Lazy<Type> Kernels = new(() => GeneratorHarness.Load(StructParameterTests.Source(
        StructParameterTests.ScaleKernel + """

            public static KernelArg Geometry(int width, uint height, float scale) => KernelArg.FromStruct(new Geo(width, height, scale));
            """,
        StructParameterTests.Geometry.Replace("public int Area", "public Geo(int width, uint height, float scale) { Width = width; Height = height; Scale = scale; }\n    public int Area")))
        .GetType("T.K")!);

    private static KernelDefinition Scale => (KernelDefinition)Kernels.Value.GetField("ScaleKernel")!.GetValue(null)!;

    private static KernelArg Geometry(int width, uint height, float scale) =>
        (KernelArg)Kernels.Value.GetMethod("Geometry", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, [width, height, scale])!;

    private readonly struct Other(int a, int b, int c)
    {
        public int A { get; } = a;
        public int B { get; } = b;
        public int C { get; } = c;
    }

    [Test]
    public void KernelReadsEveryFieldOfTheStruct()
    {
        const int n = 37;
        using var y = Acc.Allocate<float>(n, "y");
        if (BackendName.StartsWith("ilgpu", StringComparison.Ordinal))
        {
            // K.Scale is written in KernelGen's language, which ILGPU cannot compile; the library's struct kernels (GEMM, Im2Col) run there.
            var refused = Assert.Throws<KernelCompilationException>(() => Stream.Launch(Scale, n, y, Geometry(3, 4u, 0.5f), 0.25f));
            Assert.That(refused!.Message, Does.Contain("K.Scale").And.Contain("KernelGen's kernel types"));
            return;
        }
        Stream.Launch(Scale, n, y, Geometry(3, 4u, 0.5f), 0.25f);
        Assert.That(y.ToArray(), Is.All.EqualTo((3 + 4) * 0.5f + 0.25f));
    }

    [Test]
    public void StructOfAnotherTypeNamesKernelAndParameter()
    {
        using var y = Acc.Allocate<float>(4, "y");
        var ex = Assert.Throws<ArgumentException>(() => Stream.Launch(Scale, 4, y, KernelArg.FromStruct(new Other(1, 2, 3)), 0f));
        Assert.That(ex!.Message, Does.Contain("K.Scale").And.Contain("'g'").And.Contain("Geo g (12 bytes)").And.Contain("struct Other (12 bytes)"));
    }

    [Test]
    public void ScalarForAStructParameterIsAnError()
    {
        using var c = Acc.Allocate<float>(4, "c");
        var ex = Assert.Throws<ArgumentException>(() =>
            Stream.Launch(GemmKernels.Tile32Kernel, new KernelConfig(1, 1), 1, 1f, c, c, 0f, c, c));
        Assert.That(ex!.Message, Does.Contain("GemmKernels.Tile32").And.Contain("'g'").And.Contain("GemmGeometry g (64 bytes)").And.Contain("int 1"));
    }

    [Test]
    public void StructLargerThanAnArgumentHoldsIsRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => KernelArg.FromStruct(default(Big)));
        Assert.That(ex!.Message, Does.Contain("Big").And.Contain("at most 64"));
    }

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential, Size = 72)]
    private struct Big;
}
