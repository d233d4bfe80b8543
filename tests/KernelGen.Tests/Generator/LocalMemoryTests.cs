namespace KernelGen.Tests.Generator;

/// <summary><c>LocalMemory.Allocate&lt;T&gt;(N)</c>: a private array on GPUs, a zeroed span on the CPU.</summary>
public sealed class LocalMemoryTests
{
    private const string Header = "using System; using KernelGen; namespace T; public static partial class K {\n";

    [Test]
    public void RendersAPrivateArrayInBothDialects()
    {
        var r = GeneratorHarness.Run(Header + """
            private const int N = 3;
            [Kernel] public static void Window(Index1D i, ArrayView<float> x, ArrayView<float> y)
            {
                var w = LocalMemory.Allocate<float>(N + 1);
                Span<uint> bits = LocalMemory.Allocate<uint>(2);
                for (int j = 0; j < w.Length; j++) w[j] = x[i] * j;
                bits[1] = 7u;
                if (i > 0) { var inner = LocalMemory.Allocate<int>(5); inner[4] = i; y[i] = inner[4]; }
                y[i] += w[N] + Sum(x[i]) + KernelMath.AsFloat(bits[1]);
            }
            [KernelFunction] public static float Sum(float v)
            {
                var h = LocalMemory.Allocate<float>(2);
                h[0] = v;
                return h[0] + h[1];
            }
            }
            """);
        Assert.That(r.GeneratorDiagnostics, Is.Empty, string.Join("\n", r.GeneratorDiagnostics));
        Assert.That(r.CompileErrors, Is.Empty, string.Join("\n", r.CompileErrors));
        Assert.That(r.Generated, Does.Contain("float w[4] = {0};"), "the length folds from a const");
        Assert.That(r.Generated, Does.Contain("unsigned int bits[2] = {0};").And.Contain("uint bits[2] = {0};"));
        Assert.That(r.Generated, Does.Contain("int inner[5] = {0};"), "allowed in nested blocks, unlike shared memory");
        Assert.That(r.Generated, Does.Contain("float h[2] = {0};"), "allowed in helpers");
        Assert.That(r.Generated, Does.Contain("(j < 4)"), "Length is the constant");
        Assert.That(r.Generated, Does.Not.Contain("LocalMemory").And.Not.Contain("__shared__").And.Not.Contain("__local "));
    }

    [Test]
    public void OnTheCpuItIsAZeroedSpanOfTheLength()
    {
        var a = LocalMemory.Allocate<float>(5);
        Assert.That(a.Length, Is.EqualTo(5));
        Assert.That(a.ToArray(), Is.All.EqualTo(0f));
        a[4] = 2f;
        Assert.That(LocalMemory.Allocate<float>(5)[4], Is.EqualTo(0f), "each call gets its own memory");
    }
}
