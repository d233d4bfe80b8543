namespace KernelGen.Tests.Generator;

/// <summary>
/// C# that ILGPU 1.5.3 cannot compile is refused as KG0006 at its line, with the replacement named; the
/// replacements render to both dialects.
/// </summary>
public sealed class IlgpuPitfallTests
{
    private const string Header = "using System; using KernelGen; namespace T; public static partial class K {\n";

    [TestCase("Span<float> a = stackalloc float[4]; y[i] = a[0];", "'stackalloc'", "LocalMemory.Allocate")]
    [TestCase("y[i] = MathF.FusedMultiplyAdd(x[i], 2f, 1f);", "MathF.FusedMultiplyAdd", "KernelMath.Fma")]
    [TestCase("y[i] = MathF.Log2(x[i]);", "MathF.Log2", "KernelMath.Log2")]
    [TestCase("y[i] = MathF.Cbrt(x[i]);", "MathF.Cbrt", "KernelMath.Cbrt")]
    [TestCase("y[i] = (float)Math.FusedMultiplyAdd(x[i], 2f, 1f);", "Math.FusedMultiplyAdd", "KernelMath.Fma")]
    [TestCase("y[i] = (float)Math.Log2(x[i]);", "Math.Log2", "KernelMath.Log2")]
    [TestCase("y[i] = (float)Math.Cbrt(x[i]);", "Math.Cbrt", "KernelMath.Cbrt")]
    [TestCase("y[i] = float.Cbrt(x[i]);", "Single.Cbrt", "KernelMath.Cbrt")]
    [TestCase("uint b = BitConverter.SingleToUInt32Bits(x[i]); y[i] = b;", "BitConverter.SingleToUInt32Bits", "KernelMath.AsUInt")]
    [TestCase("y[i] = BitConverter.Int32BitsToSingle(i);", "BitConverter.Int32BitsToSingle", "KernelMath.AsFloat")]
    [TestCase("uint u = (uint)i; y[i] = u * 0.5f;", "uint-to-float conversion of 'u'", "KernelMath.ToFloat")]
    [TestCase("uint u = (uint)i; float f = u; y[i] = f;", "uint-to-float conversion of 'u'", "KernelMath.ToFloat")]
    [TestCase("uint u = (uint)i; y[i] = (float)(u >> 1);", "uint-to-float conversion of '(float)(u >> 1)'", "(float)(int)u")]
    [TestCase("y[i] = Half((uint)i);", "uint-to-float conversion of 'u'", "KernelMath.ToFloat")]
    public void IsAnErrorAtItsLineNamingTheReplacement(string body, string mention, string replacement)
    {
        var r = GeneratorHarness.Run(Header + $$"""
            [Kernel] public static void Bad(Index1D i, ArrayView<float> x, ArrayView<float> y)
            {
            {{body}}
            }
            [KernelFunction] public static float Half(uint u) => u * 0.5f;
            }
            """);
        var d = r.GeneratorDiagnostics.FirstOrDefault(x => x.Id == "KG0006");
        Assert.That(d, Is.Not.Null, $"expected KG0006; got: {string.Join("; ", r.GeneratorDiagnostics)}");
        Assert.That(d!.Severity, Is.EqualTo(Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        Assert.That(d.Line(), Is.EqualTo(body.StartsWith("y[i] = Half") ? 6 : 4), d.ToString());
        Assert.That(d.GetMessage(), Does.Contain(mention).And.Contain(replacement));
        Assert.That(r.Generated, Does.Not.Contain("BadKernel"), "no definition is generated for a kernel with errors");
    }

    [Test]
    public void ReplacementsRenderInBothDialects()
    {
        var r = GeneratorHarness.Run(Header + """
            [Kernel] public static void Good(Index1D i, ArrayView<float> x, ArrayView<uint> u, ArrayView<float> y)
            {
                float v = KernelMath.Fma(x[i], 2f, 1f) + KernelMath.Log2(x[i]) + KernelMath.Cbrt(x[i]);
                y[i] = v + KernelMath.ToFloat(u[i]) + (int)(u[i] >> 8) * 0.5f + KernelMath.AsFloat(KernelMath.AsUInt(v)) + 3u * 0.5f;
            }
            }
            """);
        Assert.That(r.GeneratorDiagnostics, Is.Empty, string.Join("\n", r.GeneratorDiagnostics));
        Assert.That(r.CompileErrors, Is.Empty, string.Join("\n", r.CompileErrors));
        Assert.That(r.Generated, Does.Contain("fmaf(x[i], 2.0f, 1.0f)").And.Contain("log2f(x[i])").And.Contain("cbrtf(x[i])"));
        Assert.That(r.Generated, Does.Contain("fma(x[i], 2.0f, 1.0f)").And.Contain("log2(x[i])").And.Contain("cbrt(x[i])"));
        Assert.That(r.Generated, Does.Contain("((float)(u[i]))"), "C converts unsigned to float itself, correctly rounded");
    }

    [TestCase(0u)]
    [TestCase(16777217u)]
    [TestCase(0x80000001u)]
    [TestCase(uint.MaxValue)]
    public void ToFloatIsTheNearestFloatOnTheCpu(uint value) =>
        Assert.That(KernelMath.ToFloat(value), Is.EqualTo((float)value));
}
