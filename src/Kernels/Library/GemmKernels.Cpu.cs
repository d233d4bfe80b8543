namespace KernelGen.Kernels;

// CPU counterparts of the GemmKernels variants, which the CPU backend runs instead of them: all three run the
// packed SIMD SGEMM of Cpu.CpuGemm.
public static partial class GemmKernels
{
    /// <summary>CPU counterpart shared by all variants: <see cref="Cpu.CpuGemm.SgemmStridedBatched(bool, bool, int, int, int, float, ReadOnlySpan{float}, int, long, ReadOnlySpan{float}, int, long, float, Span{float}, int, long, int, ReadOnlySpan{float})"/>.</summary>
    public static void BatchedCpu(int transA, int transB, int m, int n, int k, float alpha,
        ArrayView<float> a, int lda, int strideA, ArrayView<float> b, int ldb, int strideB, float beta,
        ArrayView<float> c, int ldc, int strideC, int batch, ArrayView<float> bias, int hasBias) =>
        Cpu.CpuGemm.SgemmStridedBatched(transA != 0, transB != 0, m, n, k, alpha, a.AsSpan(), lda, strideA,
            b.AsSpan(), ldb, strideB, beta, c.AsSpan(), ldc, strideC, batch, hasBias != 0 ? bias.AsSpan() : default);

    /// <summary>CPU counterpart of <see cref="Tile32"/>: the packed SIMD SGEMM of <see cref="Cpu.CpuGemm"/> (tile sizes do not apply).</summary>
    public static void Tile32Cpu(int transA, int transB, int m, int n, int k, float alpha,
        ArrayView<float> a, int lda, int strideA, ArrayView<float> b, int ldb, int strideB, float beta,
        ArrayView<float> c, int ldc, int strideC, int batch, ArrayView<float> bias, int hasBias) =>
        BatchedCpu(transA, transB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC, batch, bias, hasBias);

    /// <summary>CPU counterpart of <see cref="Tile64"/>: the packed SIMD SGEMM of <see cref="Cpu.CpuGemm"/> (tile sizes do not apply).</summary>
    public static void Tile64Cpu(int transA, int transB, int m, int n, int k, float alpha,
        ArrayView<float> a, int lda, int strideA, ArrayView<float> b, int ldb, int strideB, float beta,
        ArrayView<float> c, int ldc, int strideC, int batch, ArrayView<float> bias, int hasBias) =>
        BatchedCpu(transA, transB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC, batch, bias, hasBias);

    /// <summary>CPU counterpart of <see cref="Tile128"/>: the packed SIMD SGEMM of <see cref="Cpu.CpuGemm"/> (tile sizes do not apply).</summary>
    public static void Tile128Cpu(int transA, int transB, int m, int n, int k, float alpha,
        ArrayView<float> a, int lda, int strideA, ArrayView<float> b, int ldb, int strideB, float beta,
        ArrayView<float> c, int ldc, int strideC, int batch, ArrayView<float> bias, int hasBias) =>
        BatchedCpu(transA, transB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC, batch, bias, hasBias);
}
