using KernelGen.Runtime.Cpu;

namespace KernelGen.Kernels;

// CPU counterpart of ReductionKernels.SumBlocks, which the CPU backend runs instead of the kernel.
public static partial class ReductionKernels
{
    /// <summary>CPU counterpart of <see cref="SumBlocks"/>: the same chunks, each summed with SIMD on the CPU pool.</summary>
    public static void SumBlocksCpu(ArrayView<float> x, ArrayView<float> partials, int n, float scale) =>
        CpuThreadPool.Shared.For(partials.Length, new SumChunks { X = x, Partials = partials, N = n, Scale = scale }, 1);

    private struct SumChunks : ICpuRangeBody
    {
        public ArrayView<float> X, Partials;
        public int N;
        public float Scale;

        public void Run(int start, int end)
        {
            int chunk = (N + Partials.Length - 1) / Partials.Length;
            var x = X.AsSpan();
            var partials = Partials.AsSpan();
            for (int g = start; g < end; g++)
            {
                int begin = Math.Min(g * chunk, N);
                int stop = Math.Min(begin + chunk, N);
                partials[g] = Scale * System.Numerics.Tensors.TensorPrimitives.Sum<float>(x[begin..stop]);
            }
        }
    }
}
