using System.Numerics.Tensors;

namespace KernelGen.Kernels.Cpu;

public static partial class CpuGemm
{
    /// <summary>
    /// sums[i] += alpha·Σₖ op(A)[i, k] for the m rows of op(A) (A stored k×m with row stride lda when
    /// <paramref name="transA"/>, else m×k): the bias gradient that a GEMM with <see cref="GemmGeometry.BiasUse"/> 3
    /// adds in the same launch.
    /// </summary>
    public static void AccumulateRowSums(bool transA, int m, int k, float alpha, ReadOnlySpan<float> a, int lda, Span<float> sums)
    {
        if (sums.Length < m) throw new ArgumentException($"sums has {sums.Length} elements, fewer than m = {m}.", nameof(sums));
        if (transA)
            for (int r = 0; r < k; r++) TensorPrimitives.MultiplyAdd(a.Slice(r * lda, m), alpha, sums[..m], sums[..m]);
        else
            for (int i = 0; i < m; i++) sums[i] += alpha * TensorPrimitives.Sum(a.Slice(i * lda, k));
    }

    /// <summary>Adds bias[i] to row i of the m×n items of C (row stride ldc, item stride strideC).</summary>
    public static void AddRowBias(int m, int n, ReadOnlySpan<float> bias, Span<float> c, int ldc, long strideC, int batch)
    {
        for (int item = 0; item < batch; item++)
            for (int i = 0; i < m; i++)
            {
                var row = c.Slice((int)(item * strideC) + i * ldc, n);
                TensorPrimitives.Add(row, bias[i], row);
            }
    }

    /// <summary>Applies the epilogue's activation to the m×n items of C (row stride ldc, item stride strideC).</summary>
    public static void Activate(GemmActivation activation, int m, int n, Span<float> c, int ldc, long strideC, int batch)
    {
        for (int item = 0; item < batch; item++)
            for (int i = 0; i < m; i++)
            {
                CpuVector.Activate(c.Slice((int)(item * strideC) + i * ldc, n), activation.Kind, activation.Slope); // the kernels' expression, NaN included
            }
    }
}
