namespace KernelGen.Kernels;

// The CPU counterpart of the GemmKernels variants, which the CPU backend runs instead of every specialization
// of Tile<TTile>: the packed SIMD SGEMM of Cpu.CpuGemm (tile sizes do not apply).
public static partial class GemmKernels
{
    /// <summary>CPU counterpart shared by all variants: <see cref="Cpu.CpuGemm.SgemmStridedBatched(bool, bool, int, int, int, float, ReadOnlySpan{float}, int, long, ReadOnlySpan{float}, int, long, float, Span{float}, int, long, int, ReadOnlySpan{float})"/>.</summary>
    public static void BatchedCpu(GemmGeometry g, float alpha, ArrayView<float> a, ArrayView<float> b, float beta,
        ArrayView<float> c, ArrayView<float> bias)
    {
        if (g.Reduce > 1)
        {
            // Batch-reduced: item r's product accumulates into the one C; the bias is added with the last.
            for (int r = 0; r < g.Reduce; r++)
                Cpu.CpuGemm.SgemmStridedBatched(g.TransA != 0, g.TransB != 0, g.M, g.N, g.K, alpha, a.AsSpan()[(r * g.StrideA)..], g.Lda, 0,
                    b.AsSpan()[(r * g.StrideB)..], g.Ldb, 0, r == 0 ? beta : 1f, c.AsSpan(), g.Ldc, 0, 1,
                    g.BiasUse == 1 && r == g.Reduce - 1 ? bias.AsSpan() : default);
        }
        else
            Cpu.CpuGemm.SgemmStridedBatched(g.TransA != 0, g.TransB != 0, g.M, g.N, g.K, alpha, a.AsSpan(), g.Lda, g.StrideA,
                b.AsSpan(), g.Ldb, g.StrideB, beta, c.AsSpan(), g.Ldc, g.StrideC, g.Batch, g.BiasUse == 1 ? bias.AsSpan() : default);
        if (g.BiasUse == 2) Cpu.CpuGemm.AddRowBias(g.M, g.N, bias.AsSpan()[..g.M], c.AsSpan(), g.Ldc, g.StrideC, g.Batch);
        if (g.BiasUse == 3) Cpu.CpuGemm.AccumulateRowSums(g.TransA != 0, g.M, g.K, alpha, a.AsSpan(), g.Lda, bias.AsSpan()[..g.M]);
        if (g.Activation != 0) Cpu.CpuGemm.Activate(new GemmActivation(g.Activation, g.Slope), g.M, g.N, c.AsSpan(), g.Ldc, g.StrideC, g.Batch);
    }
}
