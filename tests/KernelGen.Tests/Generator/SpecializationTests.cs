namespace KernelGen.Tests.Generator;

/// <summary>Generic kernels with [Specialize]: one folded definition per specialization, and the rules they must keep.</summary>
public sealed class SpecializationTests
{
    private const string Header = "using System; using KernelGen; namespace T;\n";

    private const string Shapes = """
        public interface IShape { int Size { get; } int Pad { get; } }
        public readonly struct Small : IShape { public int Size => 32; public int Pad => 2; }
        public readonly struct Big : IShape { private const int S = 64; public int Size => S; public int Pad { get => S / 32; } }
        """;

    private static GeneratorHarness.Result Run(string kernels, string shapes = Shapes) =>
        GeneratorHarness.Run(Header + shapes + "\npublic static partial class K {\n" + kernels + "\n}\n");

    [Test]
    public void EachSpecializationGetsItsOwnFoldedDefinition()
    {
        var r = Run("""
            [Kernel(CpuCounterpart = nameof(SumCpu))]
            [Specialize(typeof(Small), "Sum32")]
            [Specialize(typeof(Big), "Sum64")]
            public static void Sum<TShape>(ArrayView<float> x, ArrayView<float> o) where TShape : struct, IShape
            {
                var s = SharedMemory.Allocate<float>(default(TShape).Size * (default(TShape).Size + default(TShape).Pad));
                var r = LocalMemory.Allocate<float>(default(TShape).Size / 16);
                s[Group.IdxX] = x[Grid.GlobalIndexX] * default(TShape).Pad + r[0];
                Group.Barrier();
                if (Group.IdxX < default(TShape).Size - 1) o[Grid.IdxX] = s[0];
            }
            public static void SumCpu<TShape>(ArrayView<float> x, ArrayView<float> o) where TShape : struct, IShape { }
            """);
        Assert.That(r.GeneratorDiagnostics, Is.Empty, string.Join("\n", r.GeneratorDiagnostics));
        Assert.That(r.CompileErrors, Is.Empty, string.Join("\n", r.CompileErrors));
        Assert.That(r.Generated, Does.Contain("public static readonly global::KernelGen.KernelDefinition Sum32Kernel"));
        Assert.That(r.Generated, Does.Contain("public static readonly global::KernelGen.KernelDefinition Sum64Kernel"));
        Assert.That(r.Generated, Does.Contain("__global__ void K_Sum32(").And.Contain("__global__ void K_Sum64("));
        Assert.That(r.Generated, Does.Contain("__kernel void K_Sum32(").And.Contain("__kernel void K_Sum64("));
        Assert.That(r.Generated, Does.Contain("__shared__ float s[1088];").And.Contain("__shared__ float s[4224];"),
            "shape reads fold through arithmetic into constant sizes");
        Assert.That(r.Generated, Does.Contain("float r[2] = {0};").And.Contain("float r[4] = {0};"));
        Assert.That(r.Generated, Does.Contain("] * 2) + r[0])"));
        Assert.That(r.Generated, Does.Contain("< 31)").And.Contain("< 63)"));
        Assert.That(r.Generated, Does.Not.Contain("default("));
        Assert.That(r.Generated, Does.Contain("SumCpu<global::T.Small>(args[0].View<float>()").And.Contain("SumCpu<global::T.Big>("));
    }

    [Test]
    public void IndexKernelRunsItsClosedMethodOnTheCpu()
    {
        var r = Run("""
            [Kernel]
            [Specialize(typeof(Big), "Scale64")]
            public static void Scale<TShape>(Index1D i, ArrayView<float> y) where TShape : struct, IShape => y[i] *= default(TShape).Size;
            """);
        Assert.That(r.GeneratorDiagnostics, Is.Empty, string.Join("\n", r.GeneratorDiagnostics));
        Assert.That(r.CompileErrors, Is.Empty, string.Join("\n", r.CompileErrors));
        Assert.That(r.Generated, Does.Contain("(y[i] *= 64)"));
        Assert.That(r.Generated, Does.Contain("Scale<global::T.Big>(__i, @y)"));
    }

    [Test]
    public void PlainCounterpartServesEverySpecialization()
    {
        var r = Run("""
            [Kernel(CpuCounterpart = nameof(FillCpu))]
            [Specialize(typeof(Small), "Fill32")]
            [Specialize(typeof(Big), "Fill64")]
            public static void Fill<TShape>(ArrayView<float> o) where TShape : struct, IShape { o[Group.IdxX] = default(TShape).Size; }
            public static void FillCpu(ArrayView<float> o) { }
            """);
        Assert.That(r.GeneratorDiagnostics, Is.Empty, string.Join("\n", r.GeneratorDiagnostics));
        Assert.That(r.CompileErrors, Is.Empty, string.Join("\n", r.CompileErrors));
        Assert.That(r.Generated, Does.Contain("FillCpu(args[0].View<float>());"));
    }

    private const string Fill = """
        [Kernel(CpuCounterpart = nameof(FillCpu))]
        {0}
        public static void Fill<TShape>(ArrayView<float> o) where TShape : struct, IShape
        {{
            {1}
        }}
        public static void FillCpu(ArrayView<float> o) {{ }}
        """;

    [TestCase("", "o[0] = default(TShape).Size;", 8, "[Specialize(typeof(SomeShape)")]
    [TestCase("[Specialize(typeof(int), \"F\")]", "o[0] = default(TShape).Size;", 7, "'int' of 'F' does not satisfy 'where TShape : struct, IShape'")]
    [TestCase("[Specialize(typeof(Small), \"F\")][Specialize(typeof(Big), \"F\")]", "o[0] = default(TShape).Size;", 7, "two specializations are named 'F'")]
    [TestCase("[Specialize(typeof(Small), \"F\")]", "var t = default(TShape); o[0] = t.Size;", 10, "default(TShape).Property")]
    [TestCase("[Specialize(typeof(Small), \"F\")]", "o[0] = Size<TShape>();", 10, "default(TShape).Property")]
    public void SpecializationMistakesAreErrorsAtTheirLine(string specialize, string body, int line, string mention)
    {
        var r = Run(string.Format(Fill, specialize, body) + "\nstatic int Size<T>() => 0;");
        AssertError(r, line, mention);
    }

    [Test]
    public void PropertyThatIsNotAConstantIsAnError()
    {
        var r = Run(string.Format(Fill, "[Specialize(typeof(Odd), \"F\")]", "o[0] = default(TShape).Size;"), Shapes + """

            public readonly struct Odd : IShape { public int Size => Environment.ProcessorCount; public int Pad => 2; }
            """);
        AssertError(r, 5, "'Odd.Size' must be an expression-bodied property returning a compile-time int, uint, float or bool constant");
    }

    [Test]
    public void ConstraintMustBeAStructAndOneInterface()
    {
        var r = Run("""
            [Kernel(CpuCounterpart = nameof(FillCpu))]
            [Specialize(typeof(Small), "F")]
            public static void Fill<TShape>(ArrayView<float> o) where TShape : IShape { o[0] = default(TShape).Size; }
            public static void FillCpu(ArrayView<float> o) { }
            """);
        AssertError(r, 8, "must be constrained 'where TShape : struct, ISomeShape'");
    }

    [Test]
    public void SpecializeOnAPlainKernelIsAnError()
    {
        var r = Run("""
            [Kernel]
            [Specialize(typeof(Small), "F")]
            public static void Fill(Index1D i, ArrayView<float> o) { o[i] = 0f; }
            """);
        AssertError(r, 8, "[Specialize] applies to generic kernels only");
    }

    private static void AssertError(GeneratorHarness.Result r, int line, string mention) =>
        GeneratorHarness.AssertKernelError(r, "KG0005", line, mention);
}
