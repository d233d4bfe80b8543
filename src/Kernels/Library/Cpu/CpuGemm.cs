using KernelGen.Runtime.Cpu;

namespace KernelGen.Kernels.Cpu;

/// <summary>
/// Single-precision matrix multiply on the CPU, row-major: C = alpha * op(A) * op(B) + beta * C (+ bias[j]
/// added to every element of column j), where op(X) is X or its transpose. op(A) is m×k, op(B) is k×n,
/// C is m×n; element (i, j) of a row-major matrix X with leading dimension ldx is X[i * ldx + j].
/// Blocked, packed and multi-threaded over <see cref="CpuThreadPool.Shared"/>; allocates nothing per call
/// once a thread's packing buffers exist. When beta is 0, C is written without being read.
/// This is the CPU counterpart of the GPU GEMM kernels.
/// </summary>
public static unsafe partial class CpuGemm
{
    /// <summary>Description of the micro-kernel chosen for this machine, e.g. "14x32 AVX-512".</summary>
    public static string KernelName => GemmDriver.KernelName;

    /// <summary>C = alpha * op(A) * op(B) + beta * C (+ bias), over raw pointers.</summary>
    /// <param name="transA">Use Aᵀ: A is stored k×m.</param>
    /// <param name="transB">Use Bᵀ: B is stored n×k.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A, row-major.</param>
    /// <param name="lda">Leading dimension of A (at least its stored column count).</param>
    /// <param name="b">B, row-major.</param>
    /// <param name="ldb">Leading dimension of B.</param>
    /// <param name="beta">Scale of the prior C; 0 means C is not read.</param>
    /// <param name="c">C, row-major, m×n.</param>
    /// <param name="ldc">Leading dimension of C (at least n).</param>
    /// <param name="bias">Optional n floats added to each row of C after the product, or null.</param>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda,
        float* b, int ldb, float beta, float* c, int ldc, float* bias = null)
    {
        CheckShape(transA, transB, m, n, k, lda, ldb, ldc);
        var g = Problem(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias);
        GemmDriver.Run(g, allowParallel: true);
    }

    /// <summary>C = alpha * op(A) * op(B) + beta * C (+ bias), over spans (lengths are checked).</summary>
    /// <inheritdoc cref="Sgemm(bool, bool, int, int, int, float, float*, int, float*, int, float, float*, int, float*)"/>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc, ReadOnlySpan<float> bias = default)
    {
        SgemmStridedBatched(transA, transB, m, n, k, alpha, a, lda, 0, b, ldb, 0, beta, c, ldc, 0, 1, bias);
    }

    /// <summary>C = alpha * op(A) * op(B) + beta * C (+ bias), over views of CPU buffers.</summary>
    /// <inheritdoc cref="Sgemm(bool, bool, int, int, int, float, float*, int, float*, int, float, float*, int, float*)"/>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha, ArrayView<float> a, int lda,
        ArrayView<float> b, int ldb, float beta, ArrayView<float> c, int ldc, ArrayView<float> bias = default)
    {
        Sgemm(transA, transB, m, n, k, alpha, HostSpan(a), lda, HostSpan(b), ldb, beta, HostSpan(c), ldc,
            bias.IsEmpty ? default : (ReadOnlySpan<float>)HostSpan(bias));
    }

    /// <summary>
    /// <paramref name="batch"/> independent products; problem i uses a + i*strideA, b + i*strideB and
    /// c + i*strideC, strides counted in elements (a stride of 0 shares that operand). The bias, if any, is shared by all.
    /// </summary>
    /// <inheritdoc cref="Sgemm(bool, bool, int, int, int, float, float*, int, float*, int, float, float*, int, float*)"/>
    public static void SgemmStridedBatched(bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, int lda, long strideA, float* b, int ldb, long strideB, float beta,
        float* c, int ldc, long strideC, int batch, float* bias = null)
    {
        CheckShape(transA, transB, m, n, k, lda, ldb, ldc);
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        var g = Problem(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias);
        long work = (long)m * n * k;
        if (batch > 1 && work < GemmDriver.ParallelWork && CpuThreadPool.Shared.ThreadCount > 1
            && work * batch >= GemmDriver.ParallelWork)
        {
            CpuThreadPool.Shared.For(batch, new BatchBody { G = g, StrideA = strideA, StrideB = strideB, StrideC = strideC });
            return;
        }
        for (int i = 0; i < batch; i++)
        {
            var gi = g;
            gi.A += i * strideA;
            gi.B += i * strideB;
            gi.C += i * strideC;
            GemmDriver.Run(gi, allowParallel: true);
        }
    }

    /// <summary>Strided-batched product over spans (lengths are checked).</summary>
    /// <inheritdoc cref="SgemmStridedBatched(bool, bool, int, int, int, float, float*, int, long, float*, int, long, float, float*, int, long, int, float*)"/>
    public static void SgemmStridedBatched(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, long strideA, ReadOnlySpan<float> b, int ldb, long strideB, float beta,
        Span<float> c, int ldc, long strideC, int batch, ReadOnlySpan<float> bias = default)
    {
        CheckShape(transA, transB, m, n, k, lda, ldb, ldc);
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        if (batch == 0) return;
        CheckLength(nameof(a), a.Length, transA ? k : m, transA ? m : k, lda, strideA, batch);
        CheckLength(nameof(b), b.Length, transB ? n : k, transB ? k : n, ldb, strideB, batch);
        CheckLength(nameof(c), c.Length, m, n, ldc, strideC, batch);
        if (!bias.IsEmpty && bias.Length < n)
            throw new ArgumentException($"bias has {bias.Length} elements, fewer than n = {n}.", nameof(bias));
        fixed (float* pa = a, pb = b, pc = c, pbias = bias)
            SgemmStridedBatched(transA, transB, m, n, k, alpha, pa, lda, strideA, pb, ldb, strideB, beta,
                pc, ldc, strideC, batch, bias.IsEmpty ? null : pbias);
    }

    private struct BatchBody : ICpuRangeBody
    {
        public GemmProblem G;
        public long StrideA, StrideB, StrideC;

        public readonly void Run(int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                var gi = G;
                gi.A += i * StrideA;
                gi.B += i * StrideB;
                gi.C += i * StrideC;
                GemmDriver.Run(gi, allowParallel: false);
            }
        }
    }

    private static GemmProblem Problem(bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda,
        float* b, int ldb, float beta, float* c, int ldc, float* bias) => new()
    {
        A = a, B = b, C = c, Bias = bias, Lda = lda, Ldb = ldb, Ldc = ldc,
        TransA = transA, TransB = transB, M = m, N = n, K = k, Alpha = alpha, Beta = beta,
    };

    private static Span<float> HostSpan(ArrayView<float> view) =>
        view.IsEmpty ? throw new ArgumentException("An operand view is empty.") : view.AsSpan();

    private static void CheckShape(bool transA, bool transB, int m, int n, int k, int lda, int ldb, int ldc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (lda < Math.Max(1, transA ? m : k)) throw new ArgumentOutOfRangeException(nameof(lda), lda, "lda is smaller than the stored row length of A.");
        if (ldb < Math.Max(1, transB ? k : n)) throw new ArgumentOutOfRangeException(nameof(ldb), ldb, "ldb is smaller than the stored row length of B.");
        if (ldc < Math.Max(1, n)) throw new ArgumentOutOfRangeException(nameof(ldc), ldc, "ldc is smaller than n.");
    }

    private static void CheckLength(string name, int length, int rows, int cols, int ld, long stride, int batch)
    {
        if (rows == 0 || cols == 0) return;
        long need = (long)(batch - 1) * stride + (long)(rows - 1) * ld + cols;
        if (stride < 0 || length < need)
            throw new ArgumentException($"{name} has {length} elements; {batch} matrices of {rows}×{cols} (ld {ld}, stride {stride}) need {need}.", name);
    }
}
