namespace KernelGen.Kernels.Cpu;

/// <summary>One row-major SGEMM C = alpha * op(A) * op(B) + beta * C (+ bias per column), as raw pointers.</summary>
internal unsafe struct GemmProblem
{
    public float* A, B, C, Bias;
    public nint Lda, Ldb, Ldc;
    public bool TransA, TransB;
    public int M, N, K;
    public float Alpha, Beta;

    /// <summary>op(A)(i, p).</summary>
    public readonly float OpA(int i, int p) => TransA ? A[(nint)p * Lda + i] : A[(nint)i * Lda + p];

    /// <summary>op(B)(p, j).</summary>
    public readonly float OpB(int p, int j) => TransB ? B[(nint)j * Ldb + p] : B[(nint)p * Ldb + j];
}
