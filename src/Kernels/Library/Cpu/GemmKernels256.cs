// Register-blocked SGEMM micro-kernels, written out in full so every accumulator stays in a register.
// Each computes one MR x NR tile of C from a packed A micro-panel (kc x MR, k-major) and a packed
// B micro-panel (kc x NR, k-major). C is read only when beta != 0.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KernelGen.Kernels.Cpu;

/// <summary>AVX2/FMA micro-kernels.</summary>
internal static unsafe class GemmKernels256
{
    /// <summary>6x16 tile: C[0..6, 0..16) = alpha * A·B (+ beta * C) (+ bias).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Kernel6x16(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta, float* bias)
    {
        var c0_0 = Vector256<float>.Zero; var c0_1 = Vector256<float>.Zero;
        var c1_0 = Vector256<float>.Zero; var c1_1 = Vector256<float>.Zero;
        var c2_0 = Vector256<float>.Zero; var c2_1 = Vector256<float>.Zero;
        var c3_0 = Vector256<float>.Zero; var c3_1 = Vector256<float>.Zero;
        var c4_0 = Vector256<float>.Zero; var c4_1 = Vector256<float>.Zero;
        var c5_0 = Vector256<float>.Zero; var c5_1 = Vector256<float>.Zero;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b + 0);
            var b1 = Vector256.Load(b + 8);
            var a0 = Vector256.Create(a[0]);
            c0_0 = Vector256.FusedMultiplyAdd(a0, b0, c0_0);
            c0_1 = Vector256.FusedMultiplyAdd(a0, b1, c0_1);
            var a1 = Vector256.Create(a[1]);
            c1_0 = Vector256.FusedMultiplyAdd(a1, b0, c1_0);
            c1_1 = Vector256.FusedMultiplyAdd(a1, b1, c1_1);
            var a2 = Vector256.Create(a[2]);
            c2_0 = Vector256.FusedMultiplyAdd(a2, b0, c2_0);
            c2_1 = Vector256.FusedMultiplyAdd(a2, b1, c2_1);
            var a3 = Vector256.Create(a[3]);
            c3_0 = Vector256.FusedMultiplyAdd(a3, b0, c3_0);
            c3_1 = Vector256.FusedMultiplyAdd(a3, b1, c3_1);
            var a4 = Vector256.Create(a[4]);
            c4_0 = Vector256.FusedMultiplyAdd(a4, b0, c4_0);
            c4_1 = Vector256.FusedMultiplyAdd(a4, b1, c4_1);
            var a5 = Vector256.Create(a[5]);
            c5_0 = Vector256.FusedMultiplyAdd(a5, b0, c5_0);
            c5_1 = Vector256.FusedMultiplyAdd(a5, b1, c5_1);
            a += 6;
            b += 16;
        }
        var va = Vector256.Create(alpha);
        var vb = Vector256.Create(beta);
        Vector256<float> s0, s1;
        if (bias != null)
        {
            s0 = Vector256.Load(bias + 0);
            s1 = Vector256.Load(bias + 8);
        }
        else
        {
            s0 = Vector256<float>.Zero;
            s1 = Vector256<float>.Zero;
        }
        if (beta == 0f)
        {
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_0, va, s0), c + 0 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_1, va, s1), c + 0 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c1_0, va, s0), c + 1 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c1_1, va, s1), c + 1 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c2_0, va, s0), c + 2 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c2_1, va, s1), c + 2 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c3_0, va, s0), c + 3 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c3_1, va, s1), c + 3 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c4_0, va, s0), c + 4 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c4_1, va, s1), c + 4 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c5_0, va, s0), c + 5 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c5_1, va, s1), c + 5 * ldc + 8);
        }
        else
        {
            { float* q = c + 0 * ldc + 0; Vector256.Store(Vector256.FusedMultiplyAdd(c0_0, va, Vector256.FusedMultiplyAdd(Vector256.Load(q), vb, s0)), q); }
            { float* q = c + 0 * ldc + 8; Vector256.Store(Vector256.FusedMultiplyAdd(c0_1, va, Vector256.FusedMultiplyAdd(Vector256.Load(q), vb, s1)), q); }
            { float* q = c + 1 * ldc + 0; Vector256.Store(Vector256.FusedMultiplyAdd(c1_0, va, Vector256.FusedMultiplyAdd(Vector256.Load(q), vb, s0)), q); }
            { float* q = c + 1 * ldc + 8; Vector256.Store(Vector256.FusedMultiplyAdd(c1_1, va, Vector256.FusedMultiplyAdd(Vector256.Load(q), vb, s1)), q); }
            { float* q = c + 2 * ldc + 0; Vector256.Store(Vector256.FusedMultiplyAdd(c2_0, va, Vector256.FusedMultiplyAdd(Vector256.Load(q), vb, s0)), q); }
            { float* q = c + 2 * ldc + 8; Vector256.Store(Vector256.FusedMultiplyAdd(c2_1, va, Vector256.FusedMultiplyAdd(Vector256.Load(q), vb, s1)), q); }
            { float* q = c + 3 * ldc + 0; Vector256.Store(Vector256.FusedMultiplyAdd(c3_0, va, Vector256.FusedMultiplyAdd(Vector256.Load(q), vb, s0)), q); }
            { float* q = c + 3 * ldc + 8; Vector256.Store(Vector256.FusedMultiplyAdd(c3_1, va, Vector256.FusedMultiplyAdd(Vector256.Load(q), vb, s1)), q); }
            { float* q = c + 4 * ldc + 0; Vector256.Store(Vector256.FusedMultiplyAdd(c4_0, va, Vector256.FusedMultiplyAdd(Vector256.Load(q), vb, s0)), q); }
            { float* q = c + 4 * ldc + 8; Vector256.Store(Vector256.FusedMultiplyAdd(c4_1, va, Vector256.FusedMultiplyAdd(Vector256.Load(q), vb, s1)), q); }
            { float* q = c + 5 * ldc + 0; Vector256.Store(Vector256.FusedMultiplyAdd(c5_0, va, Vector256.FusedMultiplyAdd(Vector256.Load(q), vb, s0)), q); }
            { float* q = c + 5 * ldc + 8; Vector256.Store(Vector256.FusedMultiplyAdd(c5_1, va, Vector256.FusedMultiplyAdd(Vector256.Load(q), vb, s1)), q); }
        }
    }
}
