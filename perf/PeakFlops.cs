using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using KernelGen.Runtime.Cpu;

namespace KernelGen.Perf;

/// <summary>
/// Measures the FP32 FMA throughput of all CPU pool threads with a register-only loop at the widest vector width the
/// runtime accelerates (512 bits, else 256), so the peak is the one the GEMM micro-kernel in use can reach.
/// </summary>
public static class PeakFlops
{
    private const int Iterations = 1 << 20;
    private const int Chains = 12;

    /// <summary>Best of a few short runs, in GFLOP/s, over <see cref="CpuThreadPool.Shared"/>'s threads.</summary>
    public static double MeasureCpu()
    {
        var pool = CpuThreadPool.Shared;
        int chunks = pool.ThreadCount * 4;
        var body = new FmaBody { Wide = Vector512.IsHardwareAccelerated };
        body.Run(0, 1);
        int lanes = body.Wide ? Vector512<float>.Count : Vector256<float>.Count;
        double best = 0;
        for (int rep = 0; rep < 5; rep++)
        {
            long t0 = Stopwatch.GetTimestamp();
            pool.For(chunks, body);
            double s = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            double flops = (double)chunks * Iterations * Chains * lanes * 2;
            best = Math.Max(best, flops / s / 1e9);
        }
        return best;
    }

    private struct FmaBody : ICpuRangeBody
    {
        public bool Wide;

        public readonly void Run(int start, int end)
        {
            for (int i = start; i < end; i++) Sink(Wide ? Loop512(1.0000001f) : Loop256(1.0000001f));
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void Sink(float x)
        {
            if (x == 12345.678f) Console.Write("");
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static float Loop512(float s)
        {
            var m = Vector512.Create(s);
            var a = Vector512.Create(0.5f);
            Vector512<float> c0 = Vector512.Create(0f), c1 = Vector512.Create(1f), c2 = Vector512.Create(2f),
                c3 = Vector512.Create(3f), c4 = Vector512.Create(4f), c5 = Vector512.Create(5f),
                c6 = Vector512.Create(6f), c7 = Vector512.Create(7f), c8 = Vector512.Create(8f),
                c9 = Vector512.Create(9f), c10 = Vector512.Create(10f), c11 = Vector512.Create(11f);
            for (int i = 0; i < Iterations; i++)
            {
                c0 = Vector512.FusedMultiplyAdd(c0, m, a); c1 = Vector512.FusedMultiplyAdd(c1, m, a);
                c2 = Vector512.FusedMultiplyAdd(c2, m, a); c3 = Vector512.FusedMultiplyAdd(c3, m, a);
                c4 = Vector512.FusedMultiplyAdd(c4, m, a); c5 = Vector512.FusedMultiplyAdd(c5, m, a);
                c6 = Vector512.FusedMultiplyAdd(c6, m, a); c7 = Vector512.FusedMultiplyAdd(c7, m, a);
                c8 = Vector512.FusedMultiplyAdd(c8, m, a); c9 = Vector512.FusedMultiplyAdd(c9, m, a);
                c10 = Vector512.FusedMultiplyAdd(c10, m, a); c11 = Vector512.FusedMultiplyAdd(c11, m, a);
            }
            return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static float Loop256(float s)
        {
            var m = Vector256.Create(s);
            var a = Vector256.Create(0.5f);
            Vector256<float> c0 = Vector256.Create(0f), c1 = Vector256.Create(1f), c2 = Vector256.Create(2f),
                c3 = Vector256.Create(3f), c4 = Vector256.Create(4f), c5 = Vector256.Create(5f),
                c6 = Vector256.Create(6f), c7 = Vector256.Create(7f), c8 = Vector256.Create(8f),
                c9 = Vector256.Create(9f), c10 = Vector256.Create(10f), c11 = Vector256.Create(11f);
            for (int i = 0; i < Iterations; i++)
            {
                c0 = Vector256.FusedMultiplyAdd(c0, m, a); c1 = Vector256.FusedMultiplyAdd(c1, m, a);
                c2 = Vector256.FusedMultiplyAdd(c2, m, a); c3 = Vector256.FusedMultiplyAdd(c3, m, a);
                c4 = Vector256.FusedMultiplyAdd(c4, m, a); c5 = Vector256.FusedMultiplyAdd(c5, m, a);
                c6 = Vector256.FusedMultiplyAdd(c6, m, a); c7 = Vector256.FusedMultiplyAdd(c7, m, a);
                c8 = Vector256.FusedMultiplyAdd(c8, m, a); c9 = Vector256.FusedMultiplyAdd(c9, m, a);
                c10 = Vector256.FusedMultiplyAdd(c10, m, a); c11 = Vector256.FusedMultiplyAdd(c11, m, a);
            }
            return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
        }
    }
}
