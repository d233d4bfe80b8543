namespace KernelGen.Tests.Ilgpu;

// Inside the namespace, so ILGPU's Accelerator, ArrayView and Index1D win over KernelGen's types of the same names.
using global::ILGPU;
using global::ILGPU.Runtime;
using global::ILGPU.Runtime.CPU;

/// <summary>Runs <see cref="IlgpuUserKernels"/> on ILGPU's own CPU accelerator, for comparison with KernelGen's backends.</summary>
internal static class IlgpuCpuRunner
{
    /// <summary>y ← a·x + y with ILGPU's CPU accelerator; returns the new y.</summary>
    public static float[] Saxpy(float a, float[] x, float[] y)
    {
        using var context = Context.Create(builder => builder.DefaultCPU());
        using var accelerator = context.CreateCPUAccelerator(0);
        using var xBuffer = accelerator.Allocate1D(x);
        using var yBuffer = accelerator.Allocate1D(y);
        var saxpy = accelerator.LoadAutoGroupedStreamKernel<Index1D, float, ArrayView<float>, ArrayView<float>>(IlgpuUserKernels.Saxpy);
        saxpy(x.Length, a, xBuffer.View, yBuffer.View);
        return yBuffer.GetAsArray1D();
    }

    /// <summary>The partial sums of <see cref="IlgpuUserKernels.GroupSum"/> over <paramref name="groups"/> groups of <see cref="IlgpuUserKernels.GroupSize"/>.</summary>
    public static float[] GroupSum(float[] input, int groups)
    {
        using var context = Context.Create(builder => builder.DefaultCPU());
        using var accelerator = context.CreateCPUAccelerator(0);
        using var inputBuffer = accelerator.Allocate1D(input);
        using var partialBuffer = accelerator.Allocate1D<float>(groups);
        var groupSum = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>>(IlgpuUserKernels.GroupSum);
        groupSum(new KernelConfig(groups, IlgpuUserKernels.GroupSize), inputBuffer.View, partialBuffer.View);
        return partialBuffer.GetAsArray1D();
    }
}
