namespace KernelGen.Kernels;

/// <summary>Host-side GEMM entry point: checks shapes and view sizes, then launches <see cref="GemmKernels.Gemm"/>.</summary>
public static class Blas
{
    /// <summary>
    /// C = alpha·op(A)·op(B) + beta·C (row-major). A is m×k (k×m when <paramref name="transA"/>), B is k×n
    /// (n×k when <paramref name="transB"/>), C is m×n; each with its row stride.
    /// </summary>
    public static void Gemm(AcceleratorStream stream, bool transA, bool transB, int m, int n, int k,
        float alpha, ArrayView<float> a, int lda, ArrayView<float> b, int ldb, float beta, ArrayView<float> c, int ldc)
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentOutOfRangeException(nameof(m), $"Gemm: sizes m={m}, n={n}, k={k} must not be negative.");
        if (m == 0 || n == 0) return;
        if (k > 0)
        {
            CheckOperand("A", a, transA ? k : m, transA ? m : k, lda);
            CheckOperand("B", b, transB ? n : k, transB ? k : n, ldb);
        }
        CheckOperand("C", c, m, n, ldc);
        var config = new KernelConfig(
            new Index2D((n + GemmKernels.Tile - 1) / GemmKernels.Tile, (m + GemmKernels.Tile - 1) / GemmKernels.Tile),
            new Index2D(GemmKernels.Threads, GemmKernels.Threads));
        stream.Launch(GemmKernels.GemmKernel, config, transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    private static void CheckOperand(string name, ArrayView<float> view, int rows, int cols, int ld)
    {
        if (ld < cols)
            throw new ArgumentException($"Gemm: {name} is {rows}×{cols} but its row stride is {ld} (must be at least {cols}).", name);
        long needed = (long)(rows - 1) * ld + cols;
        if (view.Length < needed)
            throw new ArgumentException(
                $"Gemm: {name} ('{view.Buffer?.Name}', {view.Length} elements) is too small for {rows}×{cols} with row stride {ld}: needs {needed}.", name);
    }
}
