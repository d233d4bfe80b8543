using KernelGen.Runtime.Cpu;

namespace KernelGen.Kernels;

// CPU counterparts of ReductionKernels.SumBlocks, SumSquaresBlocks and AddRootOfSum, which the CPU backend runs instead of the kernel.
public static partial class ReductionKernels
{
    /// <summary>CPU counterpart of <see cref="SumBlocks"/>: the same chunks, each summed with SIMD on the CPU pool.</summary>
    public static void SumBlocksCpu(ArrayView<float> x, ArrayView<float> partials, int n, float scale) =>
        CpuThreadPool.Shared.For(partials.Length, new SumChunks { X = x, Partials = partials, N = n, Scale = scale }, 1);

    /// <summary>CPU counterpart of <see cref="SumSquaresBlocks"/>: the same chunks, each a SIMD sum of squares on the CPU pool.</summary>
    public static void SumSquaresBlocksCpu(ArrayView<float> x, ArrayView<float> partials, int n) =>
        CpuThreadPool.Shared.For(partials.Length, new SumChunks { X = x, Partials = partials, N = n, Scale = 1f, Squares = true }, 1);

    /// <summary>CPU counterpart of <see cref="AddRootOfSum"/>: one SIMD sum (of squares) on the calling thread.</summary>
    public static void AddRootOfSumCpu(ArrayView<float> x, ArrayView<float> target, int n, int square, float weight)
    {
        var terms = x.AsSpan()[..n];
        float sum = square == 1 ? System.Numerics.Tensors.TensorPrimitives.SumOfSquares<float>(terms) : System.Numerics.Tensors.TensorPrimitives.Sum<float>(terms);
        var t = target.AsSpan();
        t[0] += weight * MathF.Sqrt(sum);
    }

    private struct SumChunks : ICpuRangeBody
    {
        public ArrayView<float> X, Partials;
        public int N;
        public float Scale;
        public bool Squares;

        public void Run(int start, int end)
        {
            int chunk = (N + Partials.Length - 1) / Partials.Length;
            var x = X.AsSpan();
            var partials = Partials.AsSpan();
            for (int g = start; g < end; g++)
            {
                int begin = Math.Min(g * chunk, N);
                int stop = Math.Min(begin + chunk, N);
                var chunkOfX = x[begin..stop];
                partials[g] = Squares ? System.Numerics.Tensors.TensorPrimitives.SumOfSquares<float>(chunkOfX)
                    : Scale * System.Numerics.Tensors.TensorPrimitives.Sum<float>(chunkOfX);
            }
        }
    }
}
