namespace KernelGen.Kernels;

/// <summary>Host-side entry points that launch the reduction kernels.</summary>
public static class Reduce
{
    /// <summary>Number of partials the first pass of <see cref="Sum"/> needs scratch space for.</summary>
    public static int PartialCount(int n) => Math.Clamp((n + 4 * ReductionKernels.GroupSize - 1) / (4 * ReductionKernels.GroupSize), 1, 1024);

    /// <summary>result[0] = sum of x; <paramref name="scratch"/> needs at least <see cref="PartialCount"/>(x.Length) elements.</summary>
    public static void Sum(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> result, ArrayView<float> scratch)
    {
        int parts = PartialCount(x.Length);
        if (result.Length < 1)
            throw new ArgumentException($"Reduce.Sum: result '{result.Buffer?.Name}' must hold 1 element.", nameof(result));
        if (scratch.Length < parts)
            throw new ArgumentException($"Reduce.Sum: scratch '{scratch.Buffer?.Name}' has {scratch.Length} elements; summing {x.Length} needs {parts}.", nameof(scratch));
        var partials = scratch.SubView(0, parts);
        stream.Launch(ReductionKernels.SumBlocksKernel, new KernelConfig(parts, ReductionKernels.GroupSize), x, partials, x.Length);
        stream.Launch(ReductionKernels.SumBlocksKernel, new KernelConfig(1, ReductionKernels.GroupSize), partials, result.SubView(0, 1), parts);
    }
}
