namespace KernelGen.Kernels;

/// <summary>
/// Sum reduction in two passes: <see cref="SumBlocks"/> reduces chunk g of the input into
/// <c>partials[g]</c> (one group of <see cref="GroupSize"/> threads per chunk, tree-reduced in
/// group-shared memory); a second pass reduces the partials. <see cref="Reduce.Sum"/> runs both;
/// <see cref="SumSquaresBlocks"/> is the first pass of <see cref="Reduce.SumOfSquares"/> (a gradient's norm).
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

    /// <summary>
    /// partials[g] = sum of x[j]² over the same chunks as <see cref="SumBlocks"/> (the squares are never stored).
    /// Launch with one group of <see cref="GroupSize"/> threads per partial.
    /// </summary>
    [Kernel(CpuCounterpart = "SumSquaresBlocksCpu")]
    public static void SumSquaresBlocks(ArrayView<float> x, ArrayView<float> partials, int n)
    {
        var scratch = SharedMemory.Allocate<float>(GroupSize);
        int tid = Group.IdxX;
        int g = Grid.IdxX;
        int chunk = (n + partials.IntLength - 1) / partials.IntLength;
        int begin = g * chunk;
        int end = begin + chunk < n ? begin + chunk : n;
        float sum = 0f;
        for (int j = begin + tid; j < end; j += GroupSize) sum += x[j] * x[j];
        scratch[tid] = sum;
        Group.Barrier();
        for (int stride = GroupSize / 2; stride > 0; stride >>= 1)
        {
            if (tid < stride) scratch[tid] += scratch[tid + stride];
            Group.Barrier();
        }
        if (tid == 0) partials[g] = scratch[0];
    }

    /// <summary>
    /// target[0] += weight · √(sum of x[0..n), each squared when <paramref name="square"/> is 1): a norm added to a
    /// running sum on the device in one launch of one group of <see cref="GroupSize"/> threads (the second pass of a
    /// long input sums its partials, square 0).
    /// </summary>
    [Kernel(CpuCounterpart = "AddRootOfSumCpu")]
    public static void AddRootOfSum(ArrayView<float> x, ArrayView<float> target, int n, int square, float weight)
    {
        var scratch = SharedMemory.Allocate<float>(GroupSize);
        int tid = Group.IdxX;
        float sum = 0f;
        for (int j = tid; j < n; j += GroupSize) sum += square == 1 ? x[j] * x[j] : x[j];
        scratch[tid] = sum;
        Group.Barrier();
        for (int stride = GroupSize / 2; stride > 0; stride >>= 1)
        {
            if (tid < stride) scratch[tid] += scratch[tid + stride];
            Group.Barrier();
        }
        if (tid == 0) target[0] = target[0] + weight * MathF.Sqrt(scratch[0]);
    }
}
