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
    public static void Sum(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> result, ArrayView<float> scratch, float scale = 1f) =>
        TwoPass("Reduce.Sum", squares: false, stream, x, result, scratch, scale);

    /// <summary>
    /// result[0] = sum of x² (one launch up to <see cref="SinglePassLength"/> elements, else two; the squares are never
    /// stored); <paramref name="scratch"/> needs at least <see cref="PartialCount"/>(x.Length) elements.
    /// </summary>
    public static void SumOfSquares(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> result, ArrayView<float> scratch) =>
        TwoPass("Reduce.SumOfSquares", squares: true, stream, x, result, scratch, 1f);

    private static void TwoPass(string op, bool squares, AcceleratorStream stream, ArrayView<float> x, ArrayView<float> result, ArrayView<float> scratch, float scale)
    {
        int parts = PartialCount(x.Length);
        if (result.Length < 1)
            throw new ArgumentException($"{op}: result '{result.Buffer?.Name}' must hold 1 element.", nameof(result));
        if (scratch.Length < parts)
            throw new ArgumentException($"{op}: scratch '{scratch.Buffer?.Name}' has {scratch.Length} elements; summing {x.Length} needs {parts}.", nameof(scratch));
        bool onePass = x.Length <= SinglePassLength;
        var firstOut = onePass ? result.SubView(0, 1) : scratch.SubView(0, parts);
        var firstGroups = new KernelConfig(onePass ? 1 : parts, ReductionKernels.GroupSize);
        if (squares) stream.Launch(ReductionKernels.SumSquaresBlocksKernel, firstGroups, x, firstOut, x.Length);
        else stream.Launch(ReductionKernels.SumBlocksKernel, firstGroups, x, firstOut, x.Length, onePass ? scale : 1f);
        if (!onePass)
            stream.Launch(ReductionKernels.SumBlocksKernel, new KernelConfig(1, ReductionKernels.GroupSize), firstOut, result.SubView(0, 1), parts, scale);
    }
}
