namespace KernelGen.Kernels;

// The CPU counterpart of the GemmKernels variants, which the CPU backend runs instead of every specialization
// of Tile<TTile>: the packed SIMD SGEMM of Cpu.CpuGemm (tile sizes do not apply).
public static partial class GemmKernels
{
    /// <summary>CPU counterpart shared by all variants: <see cref="Cpu.CpuGemm.SgemmStridedBatched(bool, bool, int, int, int, float, ReadOnlySpan{float}, int, long, ReadOnlySpan{float}, int, long, float, Span{float}, int, long, int, ReadOnlySpan{float})"/>.</summary>
    public static void BatchedCpu(int transA, int transB, int m, int n, int k, float alpha,
        ArrayView<float> a, int lda, int strideA, ArrayView<float> b, int ldb, int strideB, float beta,
        ArrayView<float> c, int ldc, int strideC, int batch, ArrayView<float> bias, int hasBias) =>
        Cpu.CpuGemm.SgemmStridedBatched(transA != 0, transB != 0, m, n, k, alpha, a.AsSpan(), lda, strideA,
            b.AsSpan(), ldb, strideB, beta, c.AsSpan(), ldc, strideC, batch, hasBias != 0 ? bias.AsSpan() : default);
}
