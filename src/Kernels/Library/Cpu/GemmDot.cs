using System.Numerics;
using System.Runtime.CompilerServices;

namespace KernelGen.Kernels.Cpu;

/// <summary>
/// C = beta·C + A·Bᵀ as dot products of rows (A is m × k, B is n × k, both rows contiguous along k): for the products
/// whose output is too small to fill the packed GEMM's 14×32 (or 6×16) micro-tiles but whose inner dimension is long,
/// such as the weight gradient of a convolution with one input channel (16 × 9 outputs over 100,352 pixels). Tiles of
/// 4 × 4 outputs keep 16 accumulators in registers and load 8 vectors per 16 FMAs; no packing.
/// </summary>
internal static unsafe class GemmDot
{
    private const int Tile = 4;

    /// <summary>Whether an m × n product over an inner dimension of k is better done as dot products.</summary>
    public static bool Suits(int m, int n, int k, double bestTileFill) => k >= 64 && m * n <= 64 * 64 && bestTileFill < 0.6;

    public static void NT(int m, int n, int k, float* a, long lda, float* b, long ldb, float beta, float* c, long ldc)
    {
        for (int i = 0; i < m; i += Tile)
            for (int j = 0; j < n; j += Tile)
                TileProduct(Math.Min(Tile, m - i), Math.Min(Tile, n - j), k, a + i * lda, lda, b + j * ldb, ldb, beta, c + i * ldc + j, ldc);
    }

    /// <summary>An h × w (≤ 4 × 4) tile: missing rows repeat the last one, and only h × w outputs are stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TileProduct(int h, int w, int k, float* a, long lda, float* b, long ldb, float beta, float* c, long ldc)
    {
        float* a0 = a, a1 = a + Math.Min(1, h - 1) * lda, a2 = a + Math.Min(2, h - 1) * lda, a3 = a + Math.Min(3, h - 1) * lda;
        float* b0 = b, b1 = b + Math.Min(1, w - 1) * ldb, b2 = b + Math.Min(2, w - 1) * ldb, b3 = b + Math.Min(3, w - 1) * ldb;
        Vector<float> c00 = default, c01 = default, c02 = default, c03 = default, c10 = default, c11 = default, c12 = default, c13 = default,
            c20 = default, c21 = default, c22 = default, c23 = default, c30 = default, c31 = default, c32 = default, c33 = default;
        int lanes = Vector<float>.Count, p = 0;
        for (; p + lanes <= k; p += lanes)
        {
            var x0 = Load(a0 + p); var x1 = Load(a1 + p); var x2 = Load(a2 + p); var x3 = Load(a3 + p);
            var y0 = Load(b0 + p); var y1 = Load(b1 + p); var y2 = Load(b2 + p); var y3 = Load(b3 + p);
            c00 = Vector.FusedMultiplyAdd(x0, y0, c00); c01 = Vector.FusedMultiplyAdd(x0, y1, c01);
            c02 = Vector.FusedMultiplyAdd(x0, y2, c02); c03 = Vector.FusedMultiplyAdd(x0, y3, c03);
            c10 = Vector.FusedMultiplyAdd(x1, y0, c10); c11 = Vector.FusedMultiplyAdd(x1, y1, c11);
            c12 = Vector.FusedMultiplyAdd(x1, y2, c12); c13 = Vector.FusedMultiplyAdd(x1, y3, c13);
            c20 = Vector.FusedMultiplyAdd(x2, y0, c20); c21 = Vector.FusedMultiplyAdd(x2, y1, c21);
            c22 = Vector.FusedMultiplyAdd(x2, y2, c22); c23 = Vector.FusedMultiplyAdd(x2, y3, c23);
            c30 = Vector.FusedMultiplyAdd(x3, y0, c30); c31 = Vector.FusedMultiplyAdd(x3, y1, c31);
            c32 = Vector.FusedMultiplyAdd(x3, y2, c32); c33 = Vector.FusedMultiplyAdd(x3, y3, c33);
        }
        Span<float> sums = stackalloc float[Tile * Tile];
        sums[0] = Vector.Sum(c00); sums[1] = Vector.Sum(c01); sums[2] = Vector.Sum(c02); sums[3] = Vector.Sum(c03);
        sums[4] = Vector.Sum(c10); sums[5] = Vector.Sum(c11); sums[6] = Vector.Sum(c12); sums[7] = Vector.Sum(c13);
        sums[8] = Vector.Sum(c20); sums[9] = Vector.Sum(c21); sums[10] = Vector.Sum(c22); sums[11] = Vector.Sum(c23);
        sums[12] = Vector.Sum(c30); sums[13] = Vector.Sum(c31); sums[14] = Vector.Sum(c32); sums[15] = Vector.Sum(c33);
        for (int r = 0; r < h; r++)
        {
            float* ar = a + r * lda;
            for (int q = 0; q < w; q++)
            {
                float* bq = b + q * ldb;
                float s = sums[r * Tile + q];
                for (int t = p; t < k; t++) s += ar[t] * bq[t];
                float* out_ = c + r * ldc + q;
                *out_ = beta == 0f ? s : beta * *out_ + s;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Load(float* p) => Unsafe.ReadUnaligned<Vector<float>>(p);
}
