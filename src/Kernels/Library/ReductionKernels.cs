using KernelGen.Runtime.Cpu;

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
    /// partials[g] = sum of x[g·chunk .. min((g+1)·chunk, n)) with chunk = ceil(n / partials.Length).
    /// Launch with one group of <see cref="GroupSize"/> threads per partial.
    /// </summary>
    [Kernel(CpuCounterpart = nameof(SumBlocksCpu))]
    public static void SumBlocks(ArrayView<float> x, ArrayView<float> partials, int n)
    {
        var scratch = SharedMemory.Allocate<float>(GroupSize);
        int tid = Group.IdxX;
        int g = Grid.IdxX;
        int chunk = (n + partials.Length - 1) / partials.Length;
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
        if (tid == 0) partials[g] = scratch[0];
    }

    /// <summary>CPU counterpart of <see cref="SumBlocks"/>: the same chunks, each summed with SIMD on the CPU pool.</summary>
    public static void SumBlocksCpu(ArrayView<float> x, ArrayView<float> partials, int n) =>
        CpuThreadPool.Shared.For(partials.Length, new SumChunks { X = x, Partials = partials, N = n }, 1);

    private struct SumChunks : ICpuRangeBody
    {
        public ArrayView<float> X, Partials;
        public int N;

        public void Run(int start, int end)
        {
            int chunk = (N + Partials.Length - 1) / Partials.Length;
            var x = X.AsSpan();
            var partials = Partials.AsSpan();
            for (int g = start; g < end; g++)
            {
                int begin = Math.Min(g * chunk, N);
                int stop = Math.Min(begin + chunk, N);
                partials[g] = System.Numerics.Tensors.TensorPrimitives.Sum<float>(x[begin..stop]);
            }
        }
    }
}

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
