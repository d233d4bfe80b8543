using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using KernelGen.Runtime.Cpu;

namespace KernelGen.Kernels.Cpu;

/// <summary>
/// GotoBLAS/BLIS-style blocked SGEMM: for each nc-wide column block and kc-deep slice of K, B is packed
/// once (in parallel) into a buffer shared by all threads, then threads take mc-row blocks of A, pack them
/// into their own L2-sized buffer and sweep the micro-kernel over the block (B micro-panel kept in L1).
/// </summary>
internal static unsafe class GemmDriver
{
    /// <summary>Problems with m·n·k at or below this use the plain loop.</summary>
    internal const long SmallWork = 20 * 20 * 20;

    /// <summary>Problems with m·n·k below this run on the calling thread only.</summary>
    internal const long ParallelWork = 64 * 64 * 64;

    internal static readonly int MR, NR;
    internal static readonly delegate*<int, float*, float*, float*, nint, float, float, float*, void> Kernel;
    internal static int KcMax, McMax, NcMax;

    static GemmDriver()
    {
        if (Vector512.IsHardwareAccelerated)
        {
            MR = 14; NR = 32; Kernel = &GemmKernels512.Kernel14x32;
        }
        else if (Vector256.IsHardwareAccelerated && Fma.IsSupported)
        {
            MR = 6; NR = 16; Kernel = &GemmKernels256.Kernel6x16;
        }
        (KcMax, McMax, NcMax) = GemmBlocking.Derive(CpuHost.Current, MR, NR);
    }

    /// <summary>The blocking in use (derived from the host unless a perf experiment overrode it).</summary>
    internal static GemmBlocking Blocking => new(KcMax, McMax, NcMax);

    /// <summary>Name of the micro-kernel in use ("14x32 AVX-512", ...).</summary>
    internal static string KernelName => Kernel == null ? "scalar" : $"{MR}x{NR} {(NR == 32 ? "AVX-512" : "AVX2")}";

    /// <summary>Runs one problem; <paramref name="allowParallel"/> lets it use the shared CPU pool.</summary>
    public static void Run(in GemmProblem g, bool allowParallel)
    {
        if (g.M == 0 || g.N == 0) return;
        if (g.K == 0 || g.Alpha == 0f)
        {
            ScaleC(g);
            return;
        }
        long work = (long)g.M * g.N * g.K;
        if (Kernel == null || work <= SmallWork)
        {
            Naive(g);
            return;
        }
        int threads = CpuThreadPool.Shared.ThreadCount;
        if (!allowParallel || work < ParallelWork || threads == 1) Blocked(g, 1);
        else if (SharedPacking) Blocked(g, threads);
        else Split(g, threads, work);
    }

    /// <summary>
    /// Parallel strategy: false (default) splits C into independent strips, one pool loop per call;
    /// true shares packed B between threads, two pool loops (barriers) per k-slice.
    /// </summary>
    internal static bool SharedPacking;

    /// <summary>
    /// Splits C along its longer side (in whole micro-panels) into strips that run as independent single-thread
    /// products, each packing its own operands. One barrier per call keeps a descheduled thread on a busy
    /// machine from stalling every k-slice; the price is packing the shared operand once per strip.
    /// </summary>
    private static void Split(in GemmProblem g, int threads, long work)
    {
        bool alongN = (long)g.N * MR > (long)g.M * NR;
        int panels = alongN ? CeilDiv(g.N, NR) : CeilDiv(g.M, MR);
        int strips = Math.Min(panels, threads * StripsPerThread(alongN ? g.N : g.M, alongN, threads));
        CpuThreadPool.Shared.For(strips, new StripBody { G = g, AlongN = alongN, Panels = panels, Strips = strips });
    }

    /// <summary>
    /// Two strips per thread (so a thread that falls behind is helped) when each strip still spans a whole packed block
    /// (mc rows, or nc columns) of the side being split, else one: every extra strip packs the shared operand again.
    /// </summary>
    internal static int StripsPerThread(int extent, bool alongN, int threads) =>
        ForcedStripsPerThread ?? ((long)extent >= 2L * threads * (alongN ? NcMax : McMax) ? 2 : 1);

    /// <summary>A perf experiment's override of <see cref="StripsPerThread"/>.</summary>
    internal static int? ForcedStripsPerThread;

    private struct StripBody : ICpuRangeBody
    {
        public GemmProblem G;
        public bool AlongN;
        public int Panels, Strips;

        public readonly void Run(int start, int end)
        {
            int unit = AlongN ? NR : MR, extent = AlongN ? G.N : G.M;
            for (int s = start; s < end; s++)
            {
                int lo = (int)Math.Min((long)Panels * s / Strips * unit, extent);
                int hi = (int)Math.Min((long)Panels * (s + 1) / Strips * unit, extent);
                if (lo >= hi) continue;
                var sub = G;
                if (AlongN)
                {
                    sub.N = hi - lo;
                    sub.B += G.TransB ? lo * G.Ldb : lo;
                    sub.C += lo;
                    if (sub.Bias != null) sub.Bias += lo;
                }
                else
                {
                    sub.M = hi - lo;
                    sub.A += G.TransA ? lo : lo * G.Lda;
                    sub.C += lo * G.Ldc;
                }
                Blocked(sub, 1);
            }
        }
    }

    private static int CeilDiv(int a, int b) => (a + b - 1) / b;

    private static void Blocked(in GemmProblem g, int threads)
    {
        int mr = MR, nr = NR;
        int kc = CeilDiv(g.K, CeilDiv(g.K, KcMax));
        int nc = CeilDiv(g.N, CeilDiv(g.N, NcMax));
        nc = CeilDiv(nc, nr) * nr;

        int mPanels = CeilDiv(g.M, mr);
        int mBlocks = CeilDiv(g.M, McMax);
        int nSplit = 1;
        if (threads > 1)
        {
            if (mPanels >= 2 * threads) mBlocks = CeilDiv(Math.Max(mBlocks, threads), threads) * threads;
            else nSplit = threads;
        }
        int mc = CeilDiv(CeilDiv(g.M, mBlocks), mr) * mr;
        mBlocks = CeilDiv(g.M, mc);

        float* bpack = GemmBuffer.PackB((nint)kc * nc);
        var pool = CpuThreadPool.Shared;
        for (int jc = 0; jc < g.N; jc += nc)
        {
            int ncur = Math.Min(nc, g.N - jc);
            int nPanels = CeilDiv(ncur, nr);
            for (int pc = 0; pc < g.K; pc += kc)
            {
                int kcur = Math.Min(kc, g.K - pc);
                var pack = new PackBBody { G = g, Dst = bpack, J0 = jc, P0 = pc, Kc = kcur };
                if (threads > 1) pool.For(nPanels, pack, grain: 2);
                else pack.Run(0, nPanels);

                var compute = new ComputeBody
                {
                    G = g, BPack = bpack, J0 = jc, NPanels = nPanels, P0 = pc, Kc = kcur, Mc = mc, NSplit = nSplit,
                    Beta = pc == 0 ? g.Beta : 1f, Bias = pc + kcur == g.K ? g.Bias : null,
                };
                int tasks = mBlocks * nSplit;
                if (threads > 1) pool.For(tasks, compute);
                else compute.Run(0, tasks);
            }
        }
    }

    private struct PackBBody : ICpuRangeBody
    {
        public GemmProblem G;
        public float* Dst;
        public int J0, P0, Kc;

        public readonly void Run(int start, int end)
        {
            int nr = NR;
            for (int q = start; q < end; q++)
                GemmPacking.PackBPanel(G.B, G.Ldb, G.TransB, G.N, J0 + q * nr, P0, Kc, nr, Dst + (nint)q * nr * Kc);
        }
    }

    private struct ComputeBody : ICpuRangeBody
    {
        public GemmProblem G;
        public float* BPack, Bias;
        public int J0, NPanels, P0, Kc, Mc, NSplit;
        public float Beta;

        public readonly void Run(int start, int end)
        {
            int mr = MR, nr = NR;
            float* tile = stackalloc float[mr * nr];
            float* apack = GemmBuffer.PackA((nint)Mc * Kc + GemmPacking.Slack);
            for (int t = start; t < end; t++)
            {
                int i0 = t / NSplit * Mc, split = t % NSplit;
                int rows = Math.Min(Mc, G.M - i0);
                int q0 = (int)((long)NPanels * split / NSplit), q1 = (int)((long)NPanels * (split + 1) / NSplit);
                if (q0 == q1) continue;
                GemmPacking.PackA(G.A, G.Lda, G.TransA, i0, rows, P0, Kc, mr, apack);
                for (int q = q0; q < q1; q++)
                {
                    int j = J0 + q * nr, w = Math.Min(nr, G.N - j);
                    float* bp = BPack + (nint)q * nr * Kc;
                    float* bias = Bias == null ? null : Bias + j;
                    for (int ir = 0; ir < rows; ir += mr)
                    {
                        int h = Math.Min(mr, rows - ir);
                        float* ap = apack + (nint)ir * Kc;
                        float* c = G.C + (nint)(i0 + ir) * G.Ldc + j;
                        if (h == mr && w == nr) Kernel(Kc, ap, bp, c, G.Ldc, G.Alpha, Beta, bias);
                        else
                        {
                            Kernel(Kc, ap, bp, tile, nr, 1f, 0f, null);
                            StoreEdge(tile, nr, c, G.Ldc, h, w, G.Alpha, Beta, bias);
                        }
                    }
                }
            }
        }
    }

    private static void StoreEdge(float* tile, int nr, float* c, nint ldc, int h, int w, float alpha, float beta, float* bias)
    {
        for (int r = 0; r < h; r++)
        {
            float* cr = c + r * ldc, tr = tile + r * nr;
            for (int j = 0; j < w; j++)
            {
                float v = alpha * tr[j];
                if (beta != 0f) v += beta * cr[j];
                if (bias != null) v += bias[j];
                cr[j] = v;
            }
        }
    }

    private static void Naive(in GemmProblem g)
    {
        for (int i = 0; i < g.M; i++)
        {
            float* cr = g.C + (nint)i * g.Ldc;
            for (int j = 0; j < g.N; j++)
            {
                float s = 0f;
                for (int p = 0; p < g.K; p++) s += g.OpA(i, p) * g.OpB(p, j);
                float v = g.Alpha * s;
                if (g.Beta != 0f) v += g.Beta * cr[j];
                if (g.Bias != null) v += g.Bias[j];
                cr[j] = v;
            }
        }
    }

    private static void ScaleC(in GemmProblem g)
    {
        for (int i = 0; i < g.M; i++)
        {
            float* cr = g.C + (nint)i * g.Ldc;
            for (int j = 0; j < g.N; j++)
            {
                float v = g.Beta == 0f ? 0f : g.Beta * cr[j];
                if (g.Bias != null) v += g.Bias[j];
                cr[j] = v;
            }
        }
    }
}
