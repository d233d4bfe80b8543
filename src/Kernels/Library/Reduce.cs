namespace KernelGen.Kernels;

/// <summary>Host-side entry points that launch the reduction kernels.</summary>
public static class Reduce
{
    /// <summary>Number of partials the first pass of <see cref="Sum"/> needs scratch space for.</summary>
    public static int PartialCount(int n) => Math.Clamp((n + 4 * ReductionKernels.GroupSize - 1) / (4 * ReductionKernels.GroupSize), 1, 1024);

    /// <summary>
    /// Up to this many elements (1 MiB of floats: a loss's terms at any usual batch), one group sums them all in one
    /// launch: on a GPU one multiprocessor streams a megabyte in a few microseconds, about what a second launch costs,
    /// and on OpenCL hosts a launch costs far more. The launch count stays the same at every batch size below it.
    /// </summary>
    public const int SinglePassLength = 1 << 18;

    /// <summary>
    /// result[0] = <paramref name="scale"/> · sum of x (one launch up to <see cref="SinglePassLength"/> elements, else two);
    /// <paramref name="scratch"/> needs at least <see cref="PartialCount"/>(x.Length) elements.
    /// </summary>
    public static void Sum(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> result, ArrayView<float> scratch, float scale = 1f)
    {
        int parts = PartialCount(x.Length);
        if (result.Length < 1)
            throw new ArgumentException($"Reduce.Sum: result '{result.Buffer?.Name}' must hold 1 element.", nameof(result));
        if (scratch.Length < parts)
            throw new ArgumentException($"Reduce.Sum: scratch '{scratch.Buffer?.Name}' has {scratch.Length} elements; summing {x.Length} needs {parts}.", nameof(scratch));
        if (x.Length <= SinglePassLength)
        {
            stream.Launch(ReductionKernels.SumBlocksKernel, new KernelConfig(1, ReductionKernels.GroupSize), x, result.SubView(0, 1), x.Length, scale);
            return;
        }
        var partials = scratch.SubView(0, parts);
        stream.Launch(ReductionKernels.SumBlocksKernel, new KernelConfig(parts, ReductionKernels.GroupSize), x, partials, x.Length, 1f);
        stream.Launch(ReductionKernels.SumBlocksKernel, new KernelConfig(1, ReductionKernels.GroupSize), partials, result.SubView(0, 1), parts, scale);
    }
}
