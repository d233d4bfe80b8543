using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KernelGen.Kernels.Cpu;

/// <summary>
/// im2col and col2im for horizontal strides 1 and 2 with masked AVX-512 loads and stores, 16 output pixels per
/// step: lanes outside the image or past the row are masked off (masked-off lanes neither fault nor write), so a
/// row needs no clearing calls or bounds tests. Stride 2 loads 32 input pixels and keeps the even ones. The masks
/// depend only on the kernel column and the 16-pixel chunk, so they are built once per call.
/// </summary>
internal static unsafe class CpuIm2ColAvx512
{
    /// <summary>Most (kernel column, chunk) mask sets built on the stack; wider rows use the scalar routines.</summary>
    private const int MaxMaskSets = 128;

    /// <summary>Whether these routines serve <paramref name="g"/> on this machine.</summary>
    public static bool Handles(in ConvGeometry g) =>
        Avx512F.IsSupported && (g.SW == 1 || g.SW == 2) && (long)g.KW * Chunks(g.OW) <= MaxMaskSets;

    private static int Chunks(int ow) => (ow + 15) / 16;

    private static readonly Vector512<int> Iota = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    private static readonly Vector512<int> HalfIota = Vector512.Create(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7);
    private static readonly Vector512<int> OddLanes = Vector512.Create(0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1);
    private static readonly Vector512<int> EvenIndices = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    private static readonly Vector512<int> HighHalf = Vector512.Create(8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15);

    /// <summary>
    /// Per kernel column kj and chunk j (set kj·chunks + j, three masks each): [0] the output lanes inside the row,
    /// [1] for stride 1 the lanes whose input pixel is inside the image, for stride 2 the even input lanes of the
    /// chunk's first 16 input pixels that are, [2] the same for its second 16 input pixels.
    /// </summary>
    private static void BuildMasks(in ConvGeometry g, Vector512<float>* masks)
    {
        int chunks = Chunks(g.OW);
        for (int kj = 0; kj < g.KW; kj++)
        {
            var (lo, hi) = CpuIm2Col.ValidRange(kj * g.DW - g.PW, g.SW, g.W, g.OW);
            for (int c = 0; c < chunks; c++)
            {
                int j = 16 * c;
                var m = masks + 3 * (kj * chunks + c);
                m[0] = Vector512.LessThan(Iota + Vector512.Create(j), Vector512.Create(g.OW)).AsSingle();
                if (g.SW == 1)
                {
                    m[1] = InRange(Iota + Vector512.Create(j), lo, hi);
                    m[2] = default;
                }
                else
                {
                    m[1] = EvenInRange(j, lo, hi);
                    m[2] = EvenInRange(j + 8, lo, hi);
                }
            }
        }
    }

    /// <summary>col (C·KH·KW × OH·OW, row stride ld) = im2col(img (C × H × W)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Im2Col(float* img, float* col, long ld, in ConvGeometry g)
    {
        int ow = g.OW, chunks = Chunks(ow);
        var masks = stackalloc Vector512<float>[3 * g.KW * chunks];
        BuildMasks(g, masks);
        var zero = Vector512<float>.Zero;
        var even = EvenIndices;
        for (int c = 0; c < g.C; c++)
            for (int ki = 0; ki < g.KH; ki++)
                for (int kj = 0; kj < g.KW; kj++)
                {
                    float* dst = col + ((c * g.KH + ki) * g.KW + kj) * ld;
                    int iwOff = kj * g.DW - g.PW;
                    var set = masks + 3 * kj * chunks;
                    for (int oh = 0; oh < g.OH; oh++)
                    {
                        float* d = dst + oh * ow;
                        int ih = oh * g.SH - g.PH + ki * g.DH;
                        if ((uint)ih >= (uint)g.H)
                        {
                            for (int q = 0; q < chunks; q++) Avx512F.MaskStore(d + 16 * q, set[3 * q], zero);
                            continue;
                        }
                        float* src = img + ((long)c * g.H + ih) * g.W + iwOff;
                        if (g.SW == 1)
                            for (int q = 0; q < chunks; q++)
                                Avx512F.MaskStore(d + 16 * q, set[3 * q], Avx512F.MaskLoad(src + 16 * q, set[3 * q + 1], zero));
                        else
                            for (int q = 0; q < chunks; q++)
                            {
                                var a = Avx512F.MaskLoad(src + 32 * q, set[3 * q + 1], zero);
                                var b = Avx512F.MaskLoad(src + 32 * q + 16, set[3 * q + 2], zero);
                                Avx512F.MaskStore(d + 16 * q, set[3 * q], Avx512F.PermuteVar16x32x2(a, even, b));
                            }
                    }
                }
    }

    /// <summary>img (C × H × W) += col2im(col (C·KH·KW × OH·OW, row stride ld)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Col2ImAdd(float* col, long ld, float* img, in ConvGeometry g)
    {
        int ow = g.OW, chunks = Chunks(ow);
        var masks = stackalloc Vector512<float>[3 * g.KW * chunks];
        BuildMasks(g, masks);
        var zero = Vector512<float>.Zero;
        var lowHalf = HalfIota;
        var highHalf = HighHalf;
        for (int c = 0; c < g.C; c++)
            for (int ki = 0; ki < g.KH; ki++)
                for (int kj = 0; kj < g.KW; kj++)
                {
                    float* srcRow = col + ((c * g.KH + ki) * g.KW + kj) * ld;
                    int iwOff = kj * g.DW - g.PW;
                    var set = masks + 3 * kj * chunks;
                    for (int oh = 0; oh < g.OH; oh++)
                    {
                        int ih = oh * g.SH - g.PH + ki * g.DH;
                        if ((uint)ih >= (uint)g.H) continue;
                        float* s = srcRow + oh * ow;
                        float* dst = img + ((long)c * g.H + ih) * g.W + iwOff;
                        if (g.SW == 1)
                            for (int q = 0; q < chunks; q++)
                            {
                                var m = set[3 * q + 1];
                                float* d = dst + 16 * q;
                                Avx512F.MaskStore(d, m, Avx512F.MaskLoad(d, m, zero) + Avx512F.MaskLoad(s + 16 * q, m, zero));
                            }
                        else
                            for (int q = 0; q < chunks; q++)
                            {
                                // Spread the chunk's 16 values over the even lanes of two 16-pixel input windows.
                                var v = Avx512F.MaskLoad(s + 16 * q, set[3 * q], zero);
                                float* d0 = dst + 32 * q, d1 = d0 + 16;
                                var m0 = set[3 * q + 1];
                                var m1 = set[3 * q + 2];
                                Avx512F.MaskStore(d0, m0, Avx512F.MaskLoad(d0, m0, zero) + Avx512F.PermuteVar16x32(v, lowHalf));
                                Avx512F.MaskStore(d1, m1, Avx512F.MaskLoad(d1, m1, zero) + Avx512F.PermuteVar16x32(v, highHalf));
                            }
                    }
                }
    }

    /// <summary>Lanes whose output pixel lies in [lo, hi), as a float mask.</summary>
    private static Vector512<float> InRange(Vector512<int> lane, int lo, int hi) =>
        (Vector512.GreaterThanOrEqual(lane, Vector512.Create(lo)) & Vector512.LessThan(lane, Vector512.Create(hi))).AsSingle();

    /// <summary>Even lanes t of the 16-pixel stride-2 window starting at output pixel j whose pixel j + t/2 lies in [lo, hi).</summary>
    private static Vector512<float> EvenInRange(int j, int lo, int hi) =>
        (InRange(HalfIota + Vector512.Create(j), lo, hi).AsInt32() & ~OddLanes).AsSingle();
}
