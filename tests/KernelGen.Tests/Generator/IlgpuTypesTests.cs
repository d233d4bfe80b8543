using System.Reflection;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Generator;

/// <summary>
/// Kernels written against ILGPU's own types (ILGPU.ArrayView, Index1D, Grid, Group, SharedMemory, LocalMemory, Interop):
/// the generator maps them by symbol to what KernelGen's names render, emits a C# twin against KernelGen's types for the
/// CPU, emulates grouped ones on the CPU, and refuses every other ILGPU member as KG0008, naming it.
/// </summary>
public sealed class IlgpuTypesTests
{
    // ILGPU's names win: 'using ILGPU' inside the namespace; KernelGen's attribute is named in full.
    private const string Header = "namespace T { using ILGPU; using ILGPU.Runtime; public static partial class K {\n";
    private const string Footer = "\n} }";

    private const string Mapped = """
        [KernelGen.Kernel]
        public static void Saxpy(Index1D i, float a, ArrayView<float> x, ArrayView1D<float, Stride1D.Dense> y) => y[i] = a * x[i] + y[i];

        [KernelGen.Kernel]
        public static void Scale2D(Index2D p, ArrayView<float> x, int width) { int k = p.Y * width + p.X; x[k] = x[k] * 2f + x.IntLength; }

        [KernelGen.Kernel]
        public static void Grouped(ArrayView<float> input, ArrayView<uint> bits, ArrayView<float> sums)
        {
            var shared = SharedMemory.Allocate<float>(8);
            var scratch = LocalMemory.Allocate<float>(2);
            int local = Group.IdxX;
            int global = Grid.GlobalIndex.X;
            var tail = input.SubView(1, input.IntLength - 1);
            scratch[0] = global < tail.Length ? tail[global] : 0f;
            shared[local] = scratch[0] + Grid.Index.X * 0 + Group.Dimension.X * 0 + Grid.DimX * 0 + Group.DimX * 0 + Grid.Dimension.Y * 0;
            Group.Barrier();
            if (global < bits.Length) bits[global] = Interop.FloatAsInt(Interop.IntAsFloat(Interop.FloatAsInt(shared[local])));
            if (local == 0)
            {
                float s = 0f;
                for (int t = 0; t < Group.DimX; t++) s += shared[t];
                sums[Grid.IdxX] = s;
            }
        }
        """;

    [Test]
    public void IlgpuTypesRenderLikeKernelGensOwnNames()
    {
        var r = GeneratorHarness.Run(Header + Mapped + Footer);
        Assert.That(r.GeneratorDiagnostics, Is.Empty, string.Join("\n", r.GeneratorDiagnostics));
        Assert.That(r.CompileErrors, Is.Empty, string.Join("\n", r.CompileErrors));
        var g = r.Generated;
        // CUDA
        Assert.That(g, Does.Contain("__global__ void K_Saxpy(int __extent_x, float a, float* x_base, int x_off, int x_len, float* y_base"));
        Assert.That(g, Does.Contain("__shared__ float shared[8];").And.Contain("float scratch[2] = {0};").And.Contain("__syncthreads();"));
        Assert.That(g, Does.Contain("int local_ = ((int)threadIdx.x);"), "'local' and 'global' are renamed: OpenCL reserves them");
        Assert.That(g, Does.Contain("((int)(blockIdx.x * blockDim.x + threadIdx.x))").And.Contain("__float_as_uint(__uint_as_float(__float_as_uint(shared[local_])))"));
        Assert.That(g, Does.Contain("float* tail = input + 1;").And.Contain("const int tail_len = (input_len - 1);"));
        Assert.That(g, Does.Contain("(x[k] * 2.0f) + x_len"), "IntLength is the view's length");
        // OpenCL
        Assert.That(g, Does.Contain("#pragma OPENCL FP_CONTRACT OFF"), "no a*b+c fused into an FMA, as in .NET");
        Assert.That(g, Does.Contain("__local float shared[8];").And.Contain("barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);"));
        Assert.That(g, Does.Contain("((int)get_local_id(0))").And.Contain("((int)get_global_id(0))").And.Contain("as_uint(as_float(as_uint(shared[local_])))"));
        Assert.That(g, Does.Contain("__global float* tail = input + 1;"));
        // The CPU twin against KernelGen's types, and the grouped emulation that calls it.
        Assert.That(g, Does.Contain("private static void __Saxpy_CpuTwin(global::KernelGen.Index1D i, float a, global::KernelGen.ArrayView<float> x, global::KernelGen.ArrayView<float> y)"));
        Assert.That(g, Does.Contain("global::KernelGen.SharedMemory.Allocate<float>(8)").And.Contain("global::KernelGen.LocalMemory.Allocate<float>(2)"));
        Assert.That(g, Does.Contain("global::KernelGen.Grid.GlobalIndexX").And.Contain("global::KernelGen.Group.Barrier()").And.Contain("global::KernelGen.KernelMath.AsUInt("));
        Assert.That(g, Does.Contain("launch.RunGroups(() => __Grouped_CpuTwin(__a0, __a1, __a2));"));
        Assert.That(g, Does.Not.Contain("ILGPU."), "the generated C# names no ILGPU type");
    }

    [Test]
    public void TheMappedKernelsRunOnTheCpuBackend()
    {
        var assembly = GeneratorHarness.Load(Header + Mapped + Footer);
        var type = assembly.GetType("T.K")!;
        KernelDefinition Kernel(string name) => (KernelDefinition)type.GetField(name + "Kernel", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        using var acc = TestDevices.Open("cpu");

        const int n = 37;
        var x = Enumerable.Range(0, n).Select(i => i * 0.5f).ToArray();
        using var xs = acc.Allocate<float>(x, "x");
        using var ys = acc.Allocate<float>(Enumerable.Repeat(1f, n).ToArray(), "y");
        acc.DefaultStream.Launch(Kernel("Saxpy"), n, 3f, xs.View, ys.View);
        Assert.That(ys.ToArray(), Is.EqualTo(x.Select(v => 3f * v + 1f).ToArray()));

        const int groups = 3, group = 8, total = groups * group;
        var input = Enumerable.Range(0, total - 4).Select(i => i + 1f).ToArray(); // the tail view holds total - 5 values
        using var inputs = acc.Allocate<float>(input, "input");
        using var bits = acc.Allocate<uint>(total, "bits");
        using var sums = acc.Allocate<float>(groups, "sums");
        acc.DefaultStream.Launch(Kernel("Grouped"), new KernelConfig(groups, group), inputs.View, bits.View, sums.View);
        var tail = input.Skip(1).ToArray();
        float At(int i) => i < tail.Length ? tail[i] : 0f;
        Assert.That(bits.ToArray(), Is.EqualTo(Enumerable.Range(0, total).Select(i => BitConverter.SingleToUInt32Bits(At(i))).ToArray()));
        Assert.That(sums.ToArray(), Is.EqualTo(Enumerable.Range(0, groups).Select(g => Enumerable.Range(g * group, group).Sum(At)).ToArray()));
    }

    [TestCase("sums[0] = Grid.IdxZ;", "'Grid.IdxZ'")]
    [TestCase("sums[0] = Group.BarrierPopCount(true);", "ILGPU.Group.BarrierPopCount(bool)")]
    [TestCase("sums[0] = Grid.GlobalIndex.Z;", "Grid.GlobalIndex.Z")]
    [TestCase("sums[0] = Group.LinearIndex;", "Group.LinearIndex")]
    [TestCase("sums[0] = Warp.WarpIdx;", "ILGPU.Warp.WarpIdx'")]
    [TestCase("Atomic.Add(ref sums[0], 1f);", "'ILGPU.Atomic.Add(float, float)'")]
    [TestCase("Index3D g = Grid.GlobalIndex; sums[0] = g.X;", "ILGPU.Index3D")]
    [TestCase("var d = SharedMemory.GetDynamic<float>(); sums[0] = d[0];", "ILGPU.SharedMemory.GetDynamic")]
    public void AnyOtherIlgpuMemberIsKg0008NamingIt(string body, string mention)
    {
        var r = GeneratorHarness.Run(Header + $$"""
            [KernelGen.Kernel]
            public static void Bad(ArrayView<float> sums)
            {
            {{body}}
                Group.Barrier();
            }
            """ + Footer);
        GeneratorHarness.AssertKernelError(r, "KG0008", 5, mention);
        Assert.That(r.GeneratorDiagnostics.First(d => d.Id == "KG0008").GetMessage(), Does.Contain("KernelGen maps ILGPU's ArrayView<T>"));
    }

    [Test]
    public void AnIlgpuParameterTypeWithoutAMappingIsKg0008()
    {
        var r = GeneratorHarness.Run(Header + """
            [KernelGen.Kernel]
            public static void Bad(Index1D i, ArrayView2D<float, Stride2D.DenseX> m) { }
            """ + Footer);
        GeneratorHarness.AssertKernelError(r, "KG0008", 3, "ArrayView2D");
    }

    [Test]
    public void AnIlgpuKernelTakesNoCpuCounterpart()
    {
        var r = GeneratorHarness.Run(Header + """
            [KernelGen.Kernel(CpuCounterpart = nameof(SaxpyCpu))]
            public static void Saxpy(Index1D i, ArrayView<float> y) => y[i] = 1f;
            public static void SaxpyCpu(Index1D i, ArrayView<float> y) { }
            """ + Footer);
        GeneratorHarness.AssertKernelError(r, "KG0004", 3, "remove CpuCounterpart");
    }

    [Test]
    public void KernelGenLanguageGroupedKernelsStillNeedACounterpart()
    {
        var r = GeneratorHarness.Run("""
            using KernelGen; namespace T; public static partial class K {
            [Kernel]
            public static void G(ArrayView<float> o) { o[Group.IdxX] = 1f; Group.Barrier(); }
            }
            """);
        GeneratorHarness.AssertKernelError(r, "KG0004", 3, "CpuCounterpart");
    }

    private const string Faulty = """
        [KernelGen.Kernel]
        public static void Throws(ArrayView<float> o)
        {
            var s = SharedMemory.Allocate<float>(4);
            s[Group.IdxX] = 1f;
            Group.Barrier();
            o[Grid.GlobalIndex.X + (Grid.IdxX == 1 && Group.IdxX == 2 ? 1000 : 0)] = s[0];
            Group.Barrier();
        }

        [KernelGen.Kernel]
        public static void Diverges(ArrayView<float> o)
        {
            if (Group.IdxX == 1) return;
            Group.Barrier();
            o[Grid.GlobalIndex.X] = 1f;
        }
        """;

    [Test, CancelAfter(60_000)]
    public void AnEmulatedThreadsExceptionIsOneClearErrorAndADivergentBarrierDoesNotDeadlock()
    {
        var assembly = GeneratorHarness.Load(Header + Faulty + Footer);
        var type = assembly.GetType("T.K")!;
        KernelDefinition Kernel(string name) => (KernelDefinition)type.GetField(name + "Kernel", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        using var acc = TestDevices.Open("cpu");
        using var o = acc.Allocate<float>(12, "o");
        var e = Assert.Throws<AcceleratorException>(() => acc.DefaultStream.Launch(Kernel("Throws"), new KernelConfig(3, 4), o.View))!;
        Assert.That(e.Message, Does.Contain("thread (2, 0) of group (1, 0)").And.Contain("IndexOutOfRangeException"));
        Assert.That(e.InnerException, Is.TypeOf<IndexOutOfRangeException>());

        var d = Assert.Throws<AcceleratorException>(() => acc.DefaultStream.Launch(Kernel("Diverges"), new KernelConfig(3, 4), o.View))!;
        Assert.That(d.Message, Does.Contain("every thread of a group must reach each barrier"));

        acc.DefaultStream.Launch(Kernel("Throws"), new KernelConfig(1, 4), o.View); // the CPU backend still works afterwards
        Assert.That(o.ToArray().Take(4), Is.EqualTo(new[] { 1f, 1f, 1f, 1f }));
    }

    [Test]
    public void OutsideAnEmulatedLaunchGridIntrinsicsStillThrow() =>
        Assert.That(() => KernelGen.Grid.IdxX, Throws.TypeOf<NotSupportedException>().With.Message.Contains("CpuCounterpart"));
}
