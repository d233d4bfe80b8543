using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KernelGen.Kernels.Cpu;

/// <summary>
/// Packs up to 16 strided rows into k-major order with AVX-512 16×16 in-register transposes: four rounds of
/// two-source permutes, each swapping the off-diagonal blocks of size 8, 4, 2, 1.
/// </summary>
internal static unsafe class GemmTranspose
{
    private static readonly Vector512<int>[] s_lo = new Vector512<int>[4], s_hi = new Vector512<int>[4];

    static GemmTranspose()
    {
        int* lo = stackalloc int[16], hi = stackalloc int[16];
        for (int round = 0; round < 4; round++)
        {
            int s = 8 >> round;
            for (int c = 0; c < 16; c++)
            {
                lo[c] = (c & s) == 0 ? c : 16 + c - s;
                hi[c] = (c & s) == 0 ? c + s : 16 + c;
            }
            s_lo[round] = Vector512.Load(lo);
            s_hi[round] = Vector512.Load(hi);
        }
    }

    /// <summary>Whether <see cref="Pack"/> can run here.</summary>
    public static bool IsSupported => Avx512F.IsSupported;

    /// <summary>
    /// dst[p*stride + r] = src[r*ld + p] for r &lt; rows (0 for rows ≤ r &lt; min(stride, 16)), p &lt; kc.
    /// Each k step is stored as 16 lanes, so with stride &lt; 16 it writes up to 16 - stride floats past the last
    /// step: the caller leaves that slack and writes steps in increasing order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pack(float* src, nint ld, int rows, int kc, float* dst, int stride)
    {
        var v = stackalloc Vector512<float>[16];
        int p = 0;
        for (; p + 16 <= kc; p += 16)
        {
            for (int r = 0; r < 16; r++) v[r] = r < rows ? Vector512.Load(src + r * ld + p) : Vector512<float>.Zero;
            for (int round = 0; round < 4; round++)
            {
                int s = 8 >> round;
                var lo = s_lo[round];
                var hi = s_hi[round];
                for (int i = 0; i < 16; i++)
                {
                    if ((i & s) != 0) continue;
                    var a = v[i];
                    var b = v[i + s];
                    v[i] = Avx512F.PermuteVar16x32x2(a, lo, b);
                    v[i + s] = Avx512F.PermuteVar16x32x2(a, hi, b);
                }
            }
            for (int c = 0; c < 16; c++) Vector512.Store(v[c], dst + (nint)(p + c) * stride);
        }
        int lanes = Math.Min(stride, 16);
        for (; p < kc; p++)
        {
            float* d = dst + (nint)p * stride;
            for (int r = 0; r < lanes; r++) d[r] = r < rows ? src[r * ld + p] : 0f;
        }
    }
}
