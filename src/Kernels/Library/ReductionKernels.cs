namespace KernelGen.Kernels;

/// <summary>
/// Sum reduction in two passes: <see cref="SumBlocks"/> reduces chunk g of the input into
/// <c>partials[g]</c> (one group of <see cref="GroupSize"/> threads per chunk, tree-reduced in
/// group-shared memory); a second pass reduces the partials. <see cref="Reduce.Sum"/> runs both.
/// </summary>
public static partial class ReductionKernels
{
    /// <summary>Threads per group of <see cref="SumBlocks"/>; a power of two.</summary>
    public const int GroupSize = 256;

    /// <summary>
    /// partials[g] = scale · sum of x[g·chunk .. min((g+1)·chunk, n)) with chunk = ceil(n / partials.Length) (the scale
    /// makes a mean one launch). Launch with one group of <see cref="GroupSize"/> threads per partial.
    /// </summary>
    [Kernel(CpuCounterpart = "SumBlocksCpu")]
    public static void SumBlocks(ArrayView<float> x, ArrayView<float> partials, int n, float scale)
    {
        var scratch = SharedMemory.Allocate<float>(GroupSize);
        int tid = Group.IdxX;
        int g = Grid.IdxX;
        int chunk = (n + partials.IntLength - 1) / partials.IntLength;
        int begin = g * chunk;
        int end = begin + chunk < n ? begin + chunk : n;
        float sum = 0f;
        for (int j = begin + tid; j < end; j += GroupSize) sum += x[j];
        scratch[tid] = sum;
        Group.Barrier();
        for (int stride = GroupSize / 2; stride > 0; stride >>= 1)
        {
            if (tid < stride) scratch[tid] += scratch[tid + stride];
            Group.Barrier();
        }
        if (tid == 0) partials[g] = scale * scratch[0];
    }
}
