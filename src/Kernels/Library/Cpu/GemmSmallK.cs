using System.Numerics;
using System.Runtime.CompilerServices;

namespace KernelGen.Kernels.Cpu;

/// <summary>
/// C = beta·C + op(A)·B for a short inner dimension (k ≤ <see cref="MaxK"/>; op(A) is m × k, A or Aᵀ stored row-major,
/// B is k × n with contiguous rows): the
/// products of a convolution with one or a few input channels (16 × 784 outputs over k = 9), where packing both operands
/// for the blocked GEMM costs more than the arithmetic. Blocks of 4 rows × 2 vectors of columns keep 8 accumulators in
/// registers and load 6 values per 8 FMAs; B is read in place, A one broadcast at a time.
/// </summary>
internal static unsafe class GemmSmallK
{
    /// <summary>The longest inner dimension this form takes (at k = 32, e.g. 144 × 196 over 32 in a 16-channel 3×3 backward, packing already paid off: 64 → 80–93 GFLOP/s).</summary>
    public const int MaxK = 16;

    /// <summary>Whether an m × n × k product is better done here than packed.</summary>
    public static bool Suits(int m, int n, int k) => k <= MaxK && k > 0 && n >= 2 * Vector<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(bool transA, int m, int n, int k, float* a, long lda, float* b, long ldb, float beta, float* c, long ldc)
    {
        int lanes = Vector<float>.Count;
        long ai = transA ? 1 : lda, at = transA ? lda : 1; // element (i, t) of op(A) is a[i·ai + t·at]
        for (int i = 0; i < m; i += 4)
        {
            int h = Math.Min(4, m - i);
            float* a0 = a + i * ai, a1 = a0 + Math.Min(1, h - 1) * ai, a2 = a0 + Math.Min(2, h - 1) * ai, a3 = a0 + Math.Min(3, h - 1) * ai;
            float* c0 = c + i * ldc;
            int j = 0;
            for (; j + 2 * lanes <= n; j += 2 * lanes)
            {
                Vector<float> s00 = default, s01 = default, s10 = default, s11 = default, s20 = default, s21 = default, s30 = default, s31 = default;
                for (int t = 0; t < k; t++)
                {
                    float* bt = b + t * ldb + j;
                    var y0 = Unsafe.ReadUnaligned<Vector<float>>(bt);
                    var y1 = Unsafe.ReadUnaligned<Vector<float>>(bt + lanes);
                    long ta = t * at;
                    var x0 = new Vector<float>(a0[ta]); var x1 = new Vector<float>(a1[ta]);
                    var x2 = new Vector<float>(a2[ta]); var x3 = new Vector<float>(a3[ta]);
                    s00 = Vector.FusedMultiplyAdd(x0, y0, s00); s01 = Vector.FusedMultiplyAdd(x0, y1, s01);
                    s10 = Vector.FusedMultiplyAdd(x1, y0, s10); s11 = Vector.FusedMultiplyAdd(x1, y1, s11);
                    s20 = Vector.FusedMultiplyAdd(x2, y0, s20); s21 = Vector.FusedMultiplyAdd(x2, y1, s21);
                    s30 = Vector.FusedMultiplyAdd(x3, y0, s30); s31 = Vector.FusedMultiplyAdd(x3, y1, s31);
                }
                Store(c0 + j, s00, s01, lanes, beta);
                if (h > 1) Store(c0 + ldc + j, s10, s11, lanes, beta);
                if (h > 2) Store(c0 + 2 * ldc + j, s20, s21, lanes, beta);
                if (h > 3) Store(c0 + 3 * ldc + j, s30, s31, lanes, beta);
            }
            for (int r = 0; r < h; r++)
            {
                float* ar = a0 + r * ai, cr = c0 + r * ldc;
                for (int q = j; q < n; q++)
                {
                    float s = 0f;
                    for (int t = 0; t < k; t++) s = MathF.FusedMultiplyAdd(ar[t * at], b[t * ldb + q], s);
                    cr[q] = beta == 0f ? s : beta * cr[q] + s;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector<float> s0, Vector<float> s1, int lanes, float beta)
    {
        if (beta != 0f)
        {
            s0 += new Vector<float>(beta) * Unsafe.ReadUnaligned<Vector<float>>(c);
            s1 += new Vector<float>(beta) * Unsafe.ReadUnaligned<Vector<float>>(c + lanes);
        }
        Unsafe.WriteUnaligned(c, s0);
        Unsafe.WriteUnaligned(c + lanes, s1);
    }
}
