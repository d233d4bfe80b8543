namespace KernelGen.Tests.Ilgpu;

using global::ILGPU;
using global::ILGPU.Runtime;
using global::ILGPU.Runtime.CPU;

/// <summary>
/// The user kernels of <see cref="IlgpuUserKernels"/> run on ILGPU's CPU accelerator and match a double-precision
/// reference. Small inputs: ILGPU's CPU accelerator is about 1000× slower than native code.
/// </summary>
public sealed class IlgpuCpuUserKernelTests
{
    private const int Length = 1 << 14;

    /// <summary>Relative tolerance: a few float32 roundings (2^-24 each) of the magnitudes summed.</summary>
    private const double RelativeTolerance = 1e-6;

    [Test]
    public void SaxpyMatchesTheDoublePrecisionReference()
    {
        var (x, y) = (Inputs(1), Inputs(2));
        const float a = 1.75f;
        using var context = Context.Create(builder => builder.DefaultCPU());
        using var accelerator = context.CreateCPUAccelerator(0);
        using var xBuffer = accelerator.Allocate1D(x);
        using var yBuffer = accelerator.Allocate1D(y);
        var saxpy = accelerator.LoadAutoGroupedStreamKernel<Index1D, float, ArrayView<float>, ArrayView<float>>(IlgpuUserKernels.Saxpy);
        saxpy(Length, a, xBuffer.View, yBuffer.View);
        var result = yBuffer.GetAsArray1D();
        for (var i = 0; i < Length; i++)
        {
            double expected = (double)a * x[i] + y[i];
            var tolerance = RelativeTolerance * (Math.Abs((double)a * x[i]) + Math.Abs(y[i]));
            Assert.That(result[i], Is.EqualTo(expected).Within(tolerance), $"y[{i}]");
        }
    }

    [Test]
    public void SharedMemoryTreeReductionMatchesTheDoublePrecisionReference()
    {
        var input = Inputs(3);
        var groups = Length / IlgpuUserKernels.GroupSize;
        using var context = Context.Create(builder => builder.DefaultCPU());
        using var accelerator = context.CreateCPUAccelerator(0);
        using var inputBuffer = accelerator.Allocate1D(input);
        using var partialBuffer = accelerator.Allocate1D<float>(groups);
        var groupSum = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>>(IlgpuUserKernels.GroupSum);
        groupSum(new KernelConfig(groups, IlgpuUserKernels.GroupSize), inputBuffer.View, partialBuffer.View);
        var partials = partialBuffer.GetAsArray1D();
        for (var g = 0; g < groups; g++)
        {
            var slice = input.Skip(g * IlgpuUserKernels.GroupSize).Take(IlgpuUserKernels.GroupSize).ToArray();
            var tolerance = RelativeTolerance * slice.Sum(v => Math.Abs((double)v));
            Assert.That(partials[g], Is.EqualTo(slice.Sum(v => (double)v)).Within(tolerance), $"group {g}");
        }
        var total = partials.Sum(v => (double)v);
        Assert.That(total, Is.EqualTo(input.Sum(v => (double)v)).Within(RelativeTolerance * input.Sum(v => Math.Abs((double)v))));
    }

    /// <summary>Seeded values in [-1, 1).</summary>
    private static float[] Inputs(int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, Length).Select(_ => (float)(random.NextDouble() * 2 - 1))];
    }
}
