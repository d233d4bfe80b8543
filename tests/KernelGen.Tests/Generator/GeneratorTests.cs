namespace KernelGen.Tests.Generator;

/// <summary>The generator renders the kernel subset and reports anything outside it at the C# line.</summary>
public sealed class GeneratorTests
{
    private const string Header = "using System; using KernelGen; namespace T; public static partial class K {\n";

    [Test]
    public void RendersBothDialectsAndCompiles()
    {
        var r = GeneratorHarness.Run(Header + """
            public const int N = 4;
            [Kernel] public static void Axpy(Index1D i, ArrayView<float> x, ArrayView<float> y, float a)
            {
                var tmp = LocalMemory.Allocate<float>(N);
                for (int j = 0; j < N; j++) tmp[j] = a * j;
                y[i] = KernelMath.Fma(a, x[i], y[i]) + tmp[N - 1] - Helper(x.Length);
            }
            [KernelFunction] public static float Helper(int n) => n > 0 ? 1f / n : float.PositiveInfinity;
            }
            """);
        Assert.That(r.GeneratorDiagnostics, Is.Empty);
        Assert.That(r.CompileErrors, Is.Empty, string.Join("\n", r.CompileErrors));
        Assert.That(r.Generated, Does.Contain("extern \"\"C\"\" __global__ void K_Axpy(int __extent_x, float* x_base, int x_off, int x_len"));
        Assert.That(r.Generated, Does.Contain("__kernel void K_Axpy(int __extent_x, __global float* x_base"));
        Assert.That(r.Generated, Does.Contain("fmaf(a, x[i], y[i])"), "CUDA spells float functions with an f suffix");
        Assert.That(r.Generated, Does.Contain("fma(a, x[i], y[i])"));
        Assert.That(r.Generated, Does.Contain("float tmp[4] = {0};"));
        Assert.That(r.Generated, Does.Contain("static __device__ __forceinline__ float kg_K_Helper(int n)"));
        Assert.That(r.Generated, Does.Contain("kg_K_Helper(x_len)"));
        Assert.That(r.Generated, Does.Contain("__int_as_float(0x7f800000)").And.Contain("INFINITY"));
        Assert.That(r.Generated, Does.Contain("public static readonly global::KernelGen.KernelDefinition AxpyKernel"));
    }

    [Test]
    public void GroupedKernelGetsSharedMemoryAndBarriers()
    {
        var r = GeneratorHarness.Run(Header + """
            [Kernel(CpuCounterpart = nameof(SumCpu))]
            public static void Sum(ArrayView<float> x, ArrayView<float> o)
            {
                var s = SharedMemory.Allocate<float>(64);
                s[Group.IdxX] = x[Grid.GlobalIndexX];
                Group.Barrier();
                if (Group.IdxX == 0) o[Grid.IdxX] = s[0] + s[63];
            }
            public static void SumCpu(ArrayView<float> x, ArrayView<float> o) { }
            }
            """);
        Assert.That(r.GeneratorDiagnostics, Is.Empty);
        Assert.That(r.CompileErrors, Is.Empty, string.Join("\n", r.CompileErrors));
        Assert.That(r.Generated, Does.Contain("__shared__ float s[64];").And.Contain("__syncthreads();"));
        Assert.That(r.Generated, Does.Contain("__local float s[64];").And.Contain("barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);"));
        Assert.That(r.Generated, Does.Contain("SumCpu(args[0].View<float>(), args[1].View<float>())"));
    }

    [TestCase("double d = 1.0; y[i] = (float)d;", "KG0002", 4, "double")]
    [TestCase("y[i] = (float)Math.Exp(x[i]);", "KG0002", 4, "double")]
    [TestCase("long big = 5; y[i] = big;", "KG0002", 4, "long")]
    [TestCase("foreach (var v in new int[3]) { }", "KG0001", 4, "ForEachStatement")]
    [TestCase("y[i] = Console.Read();", "KG0001", 4, "Console.Read")]
    [TestCase("\n\n  var s = SharedMemory.Allocate<float>(4);", "KG0001", 6, "Shared memory")]
    [TestCase("Group.Barrier();", "KG0001", 4, "Group.Barrier")]
    [TestCase("int n = x.Length; var a = LocalMemory.Allocate<float>(n);", "KG0001", 4, "non-constant array size")]
    public void UnsupportedCodeIsAnErrorAtItsLine(string body, string id, int line, string mention)
    {
        var r = GeneratorHarness.Run(Header + $$"""
            [Kernel] public static void Bad(Index1D i, ArrayView<float> x, ArrayView<float> y)
            {
            {{body}}
            }
            }
            """);
        var d = r.GeneratorDiagnostics.FirstOrDefault(x => x.Id == id);
        Assert.That(d, Is.Not.Null, $"expected {id}; got: {string.Join("; ", r.GeneratorDiagnostics)}");
        Assert.That(d!.Severity, Is.EqualTo(Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        Assert.That(d.Line(), Is.EqualTo(line), d.ToString());
        Assert.That(d.GetMessage(), Does.Contain(mention));
        Assert.That(r.Generated, Does.Not.Contain("BadKernel"), "no definition is generated for a kernel with errors");
    }

    [Test]
    public void GroupedKernelWithoutCounterpartIsAnError()
    {
        var r = GeneratorHarness.Run(Header + """
            [Kernel] public static void NoCpu(ArrayView<float> x) { x[Group.IdxX] = 0f; }
            }
            """);
        Assert.That(r.GeneratorDiagnostics.Select(d => d.Id), Does.Contain("KG0004"));
        Assert.That(r.GeneratorDiagnostics.First(d => d.Id == "KG0004").GetMessage(), Does.Contain("CpuCounterpart"));
    }

    [Test]
    public void CounterpartWithWrongSignatureIsAnError()
    {
        var r = GeneratorHarness.Run(Header + """
            [Kernel(CpuCounterpart = "Cpu")] public static void G(ArrayView<float> x, int n) { x[Group.IdxX] = n; }
            public static void Cpu(ArrayView<float> x) { }
            }
            """);
        var d = r.GeneratorDiagnostics.Single(d => d.Id == "KG0004");
        Assert.That(d.GetMessage(), Does.Contain("KernelGen.ArrayView<float>, int"));
    }

    [Test]
    public void BadDeclarationsAreReported()
    {
        var r = GeneratorHarness.Run("using KernelGen; namespace T; public static class NotPartial {\n" + """
            [Kernel] public static int Returns(Index1D i, ArrayView<double> x, ref int n) => 0;
            }
            """);
        var messages = string.Join("\n", r.GeneratorDiagnostics.Select(d => d.GetMessage()));
        Assert.That(messages, Does.Contain("returns void").And.Contain("partial").And.Contain("ArrayView<double>").And.Contain("ref"));
        Assert.That(r.GeneratorDiagnostics.All(d => d.Line() == 2), Is.True, messages);
    }

    [Test]
    public void LineMapPointsBackToCSharp()
    {
        var def = KernelGen.Kernels.ActivationKernels.TanhKernel;
        var lines = def.CudaSource.Split('\n');
        int at = Array.FindIndex(lines, l => l.Contains("tanhf("));
        Assert.That(at, Is.GreaterThanOrEqualTo(0));
        var csLine = def.CudaLineMap[at];
        var source = File.ReadAllLines(FindRepoFile("src/Kernels/Library/ActivationKernels.cs"));
        Assert.That(source[csLine - 1], Does.Contain("MathF.Tanh"));
        Assert.That(def.SourceFile, Is.EqualTo("ActivationKernels.cs"));
    }

    internal static string FindRepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, relative))) return Path.Combine(dir.FullName, relative);
        Assert.Ignore($"{relative} not found above {AppContext.BaseDirectory} (published runner without sources)");
        return "";
    }
}
