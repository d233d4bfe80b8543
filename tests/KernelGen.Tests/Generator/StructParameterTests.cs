namespace KernelGen.Tests.Generator;

/// <summary>Struct parameters: rendered once as a C typedef, passed by value, read as param.Field; and the rules a struct must keep.</summary>
public sealed class StructParameterTests
{
    private const string Header = "using System; using System.Runtime.InteropServices; using KernelGen; namespace T;\n";

    /// <summary>A struct with both kinds of stored member and a computed property, which is not part of the layout.</summary>
    public const string Geometry = """
        public readonly struct Geo
        {
            public readonly int Width;
            public uint Height { get; init; }
            public float Scale { get; init; }
            public int Area => Width * (int)Height;
        }
        """;

    /// <summary>An index kernel reading every stored member of <c>Geo</c>.</summary>
    public const string ScaleKernel = """
        [Kernel]
        public static void Scale(Index1D i, ArrayView<float> y, Geo g, float bias) { y[i] = (g.Width + (int)g.Height) * g.Scale + bias; }
        """;

    internal static string Source(string kernels, string structs = Geometry) =>
        Header + structs + "\npublic static partial class K {\n" + kernels + "\n}\n";

    private static GeneratorHarness.Result Run(string kernels, string structs = Geometry) => GeneratorHarness.Run(Source(kernels, structs));

    [Test]
    public void StructIsDeclaredOncePassedByValueAndReadByField()
    {
        var r = Run(ScaleKernel + """

            [Kernel]
            public static void Twice(Index1D i, ArrayView<float> y, Geo a, Geo b) { y[i] = a.Scale + b.Scale; }
            """);
        Assert.That(r.GeneratorDiagnostics, Is.Empty, string.Join("\n", r.GeneratorDiagnostics));
        Assert.That(r.CompileErrors, Is.Empty, string.Join("\n", r.CompileErrors));
        const string typedef = "typedef struct {\n    int Width;\n    {0} Height;\n    float Scale;\n} Geo;\n";
        Assert.That(r.Generated, Does.Contain(typedef.Replace("{0}", "unsigned int")), "CUDA");
        Assert.That(r.Generated, Does.Contain(typedef.Replace("{0}", "uint")), "OpenCL");
        Assert.That(r.Generated, Does.Contain("__global__ void K_Scale(int __extent_x, float* y_base, int y_off, int y_len, Geo g, float bias)"));
        Assert.That(r.Generated, Does.Contain("__kernel void K_Scale(int __extent_x, __global float* y_base, int y_off, int y_len, Geo g, float bias)"));
        Assert.That(r.Generated, Does.Contain("y[i] = ((((g.Width + ((int)(g.Height)))) * g.Scale) + bias);"));
        Assert.That(r.Generated, Does.Contain("KernelParameter.Struct(\"g\", typeof(global::T.Geo), 12)"));
        Assert.That(r.Generated, Does.Contain("args[1].AsStruct<global::T.Geo>()"));
        var twice = r.Generated[r.Generated.IndexOf("K_Twice", StringComparison.Ordinal)..];
        Assert.That(twice, Does.Contain("Geo a, Geo b"));
        Assert.That(System.Text.RegularExpressions.Regex.Matches(r.Generated, "typedef struct").Count, Is.EqualTo(4),
            "one typedef per kernel source (Scale and Twice, CUDA and OpenCL), though Twice takes Geo twice");
    }

    [Test]
    public void ACounterpartReceivesTheStruct()
    {
        var r = Run("""
            [Kernel(CpuCounterpart = nameof(FillCpu))]
            public static void Fill(ArrayView<float> o, Geo g) { o[Grid.GlobalIndexX] = g.Scale; }
            public static void FillCpu(ArrayView<float> o, Geo g) { }
            """);
        Assert.That(r.GeneratorDiagnostics, Is.Empty, string.Join("\n", r.GeneratorDiagnostics));
        Assert.That(r.CompileErrors, Is.Empty, string.Join("\n", r.CompileErrors));
        Assert.That(r.Generated, Does.Contain("FillCpu(args[0].View<float>(), args[1].AsStruct<global::T.Geo>());"));
    }

    [TestCase("public bool Flag;", 5, "'Flag' is bool")]
    [TestCase("public double Wide;", 5, "'Wide' is double")]
    [TestCase("public int[] Items;", 5, "'Items' is int[]")]
    [TestCase("public Inner Nested;", 5, "'Nested' is T.Inner")]
    [TestCase("public string Name { get; init; }", 5, "'Name' is string")]
    public void UnsupportedFieldIsAnErrorAtItsLine(string member, int line, string mention)
    {
        var r = Run("""
            [Kernel]
            public static void F(Index1D i, ArrayView<float> y, S s) { y[i] = s.A; }
            """, "public struct Inner { public int X; }\npublic struct S\n{\n    " + member + "\n    public int A;\n}\n");
        AssertError(r, line, mention);
    }

    [Test]
    public void ExplicitLayoutIsAnError()
    {
        var r = Run("""
            [Kernel]
            public static void F(Index1D i, ArrayView<float> y, S s) { y[i] = s.A; }
            """, "[StructLayout(LayoutKind.Explicit)]\npublic struct S { [FieldOffset(4)] public int A; }\n");
        AssertError(r, 3, "default sequential layout");
    }

    [Test]
    public void TooManyFieldsIsAnError()
    {
        var fields = string.Join(" ", Enumerable.Range(0, 17).Select(n => $"public int F{n};"));
        var r = Run("""
            [Kernel]
            public static void F(Index1D i, ArrayView<float> y, S s) { y[i] = s.F0; }
            """, "public struct S { " + fields + " }\n");
        AssertError(r, 2, "at most 64");
    }

    [Test]
    public void ComputedPropertyCannotBeRead()
    {
        var r = Run("""
            [Kernel]
            public static void F(Index1D i, ArrayView<float> y, Geo g) { y[i] = g.Area; }
            """);
        var d = r.GeneratorDiagnostics.FirstOrDefault(x => x.Id == "KG0001");
        Assert.That(d, Is.Not.Null, string.Join("\n", r.GeneratorDiagnostics));
        Assert.That(d!.GetMessage(), Does.Contain("fields and auto-properties of struct parameter 'g'"));
        Assert.That(d.Line(), Is.EqualTo(11));
    }

    [Test]
    public void AssigningAFieldIsAnError()
    {
        var r = Run("""
            [Kernel]
            public static void F(Index1D i, ArrayView<float> y, S s) { s.A = 2; y[i] = s.A; }
            """, "public struct S { public int A; }\n");
        var d = r.GeneratorDiagnostics.FirstOrDefault(x => x.Id == "KG0001");
        Assert.That(d, Is.Not.Null, string.Join("\n", r.GeneratorDiagnostics));
        Assert.That(d!.GetMessage(), Does.Contain("struct parameters are read-only"));
    }

    private static void AssertError(GeneratorHarness.Result r, int line, string mention) =>
        GeneratorHarness.AssertKernelError(r, "KG0007", line, mention);
}
