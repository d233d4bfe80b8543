using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KernelGen.Kernels.Cpu;

/// <summary>
/// Copies blocks of op(A) and op(B) into the k-major micro-panel layout the micro-kernels stream through,
/// zero-padding partial panels so the kernels always run full tiles.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>Floats a packed-A buffer needs beyond its panels (the transposing packer overruns a little).</summary>
    public const int Slack = 16;

    private static readonly Vector512<int> Lanes = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);

    /// <summary>
    /// Packs rows [i0, i0+rows) x columns [p0, p0+kc) of op(A) into panels of <paramref name="mr"/> rows:
    /// panel q holds element (i0 + q*mr + r, p0 + p) at dst[q*mr*kc + p*mr + r].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(float* a, nint lda, bool transA, int i0, int rows, int p0, int kc, int mr, float* dst)
    {
        for (int q = 0; q < rows; q += mr, dst += (nint)mr * kc)
        {
            int h = Math.Min(mr, rows - q);
            if (transA)
            {
                // op(A)(i, p) = a[p*lda + i]: each k step is a contiguous run of h rows.
                float* src = a + (nint)p0 * lda + i0 + q;
                if (Avx512F.IsSupported && mr <= 16)
                {
                    // One masked move per k step: lanes past h load as zero, lanes past mr are not stored.
                    var load = Vector512.LessThan(Lanes, Vector512.Create(h)).AsSingle();
                    var store = Vector512.LessThan(Lanes, Vector512.Create(mr)).AsSingle();
                    for (int p = 0; p < kc; p++, src += lda)
                        Avx512F.MaskStore(dst + (nint)p * mr, store, Avx512F.MaskLoad(src, load, Vector512<float>.Zero));
                    continue;
                }
                for (int p = 0; p < kc; p++, src += lda)
                {
                    float* d = dst + (nint)p * mr;
                    int r = 0;
                    for (; r < h; r++) d[r] = src[r];
                    for (; r < mr; r++) d[r] = 0f;
                }
            }
            else if (GemmTranspose.IsSupported && mr <= 16)
            {
                GemmTranspose.Pack(a + (nint)(i0 + q) * lda + p0, lda, h, kc, dst, mr);
            }
            else
            {
                // op(A)(i, p) = a[i*lda + p]: read each row contiguously, write with stride mr.
                for (int r = 0; r < h; r++)
                {
                    float* src = a + (nint)(i0 + q + r) * lda + p0;
                    float* d = dst + r;
                    for (int p = 0; p < kc; p++) d[(nint)p * mr] = src[p];
                }
                for (int r = h; r < mr; r++)
                {
                    float* d = dst + r;
                    for (int p = 0; p < kc; p++) d[(nint)p * mr] = 0f;
                }
            }
        }
    }

    /// <summary>
    /// Packs the <paramref name="nr"/>-column panel starting at column j0 over rows [p0, p0+kc) of op(B),
    /// holding element (p0 + p, j0 + j) at dst[p*nr + j]; columns at or past n are zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackBPanel(float* b, nint ldb, bool transB, int n, int j0, int p0, int kc, int nr, float* dst)
    {
        int w = Math.Min(nr, n - j0);
        if (transB && GemmTranspose.IsSupported && nr % 16 == 0)
        {
            for (int h = 0; h < nr; h += 16)
                GemmTranspose.Pack(b + (nint)(j0 + h) * ldb + p0, ldb, Math.Clamp(w - h, 0, 16), kc, dst + h, nr);
        }
        else if (transB)
        {
            // op(B)(p, j) = b[j*ldb + p]: read each column of op(B) contiguously.
            for (int j = 0; j < w; j++)
            {
                float* src = b + (nint)(j0 + j) * ldb + p0;
                float* d = dst + j;
                for (int p = 0; p < kc; p++) d[(nint)p * nr] = src[p];
            }
            for (int j = w; j < nr; j++)
            {
                float* d = dst + j;
                for (int p = 0; p < kc; p++) d[(nint)p * nr] = 0f;
            }
        }
        else
        {
            float* src = b + (nint)p0 * ldb + j0;
            if (w == nr)
            {
                for (int p = 0; p < kc; p++, src += ldb, dst += nr)
                    Unsafe.CopyBlockUnaligned(dst, src, (uint)(nr * sizeof(float)));
            }
            else
            {
                for (int p = 0; p < kc; p++, src += ldb, dst += nr)
                {
                    int j = 0;
                    for (; j < w; j++) dst[j] = src[j];
                    for (; j < nr; j++) dst[j] = 0f;
                }
            }
        }
    }
}
