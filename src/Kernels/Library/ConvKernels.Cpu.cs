using KernelGen.Runtime.Cpu;

namespace KernelGen.Kernels;

// CPU counterpart of ConvKernels.ChannelSum, which the CPU backend runs instead of the kernel.
public static partial class ConvKernels
{
    /// <summary>CPU counterpart of <see cref="ChannelSum"/>: SIMD row sums, channels split across the pool.</summary>
    public static void ChannelSumCpu(Index1D c, ArrayView<float> dy, ArrayView<float> db, int batch, int channels, int plane) =>
        CpuThreadPool.Shared.For(c, new ChannelSums { Dy = dy, Db = db, Batch = batch, Channels = channels, Plane = plane });

    private struct ChannelSums : ICpuRangeBody
    {
        public ArrayView<float> Dy, Db;
        public int Batch, Channels, Plane;

        public readonly void Run(int start, int end)
        {
            var dy = Dy.AsSpan();
            var db = Db.AsSpan();
            for (int c = start; c < end; c++)
            {
                float sum = 0f;
                for (int n = 0; n < Batch; n++)
                    sum += System.Numerics.Tensors.TensorPrimitives.Sum<float>(dy.Slice((n * Channels + c) * Plane, Plane));
                db[c] += sum;
            }
        }
    }
}
