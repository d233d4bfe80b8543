using System.Numerics.Tensors;

namespace KernelGen.Kernels.Cpu;

/// <summary>
/// One block of images of a CPU convolution pass, on one thread and its scratch slab (layout in
/// <see cref="CpuConvPlan"/>). The block's column matrices sit side by side (row stride images·OH·OW), so a single
/// GEMM serves the whole block; an image with at least <see cref="CpuConvPlan.MinColumns"/> output pixels gets its
/// own GEMM writing straight into the tensors instead, which saves the gather and scatter copies. The GEMM is
/// computed transposed when that fills the 14×32 (or 6×16) micro-tiles better, e.g. few output channels.
/// </summary>
internal unsafe struct CpuConvBlock
{
    public ConvGeometry G;
    public CpuConvPlan Plan;
    public float* Img, W, Bias, Small, Scratch;
    public float Beta;
    public GemmActivation Activation;
    public CpuConvPass Pass;

    /// <summary>Whether the weight-gradient GEMM runs as dwᵀ = col · smallᵀ (partials then stored C·KH·KW × K).</summary>
    public static bool WeightGradTransposed(in ConvGeometry g) => Transposes(g.K, g.ColRows);

    /// <summary>Runs images [n0, n0 + count) through the pass; <paramref name="first"/> marks the slab's first block.</summary>
    public readonly void Run(int n0, int count, float* slab, bool first)
    {
        if (Pass == CpuConvPass.Lower) Lower(n0, count, slab);
        else if (Pass == CpuConvPass.Raise) Raise(n0, count, slab);
        else WeightGrad(n0, count, slab, first);
    }

    private readonly bool PerImage(int count) => count == 1 || G.ColCols >= CpuConvPlan.MinColumns;

    private readonly float* ImageOf(int n) => Img + (long)n * G.ImageLength;

    private readonly float* SmallOf(int n) => Small + (long)n * G.SmallLength;

    /// <summary>The block's column matrix (rows C·KH·KW, row stride ld): the image itself when im2col is the identity.</summary>
    private readonly float* Columns(int n0, int count, float* col, out long ld)
    {
        int p = G.ColCols;
        if (G.IsPointwise && count == 1)
        {
            ld = p;
            return ImageOf(n0);
        }
        ld = (long)count * p;
        for (int b = 0; b < count; b++) CpuIm2Col.Im2Col(ImageOf(n0 + b), col + (long)b * p, ld, G);
        return col;
    }

    /// <summary>small[n] for the block gathered into K × (count·OH·OW), row stride count·OH·OW.</summary>
    private readonly float* Gather(int n0, int count, float* dst)
    {
        int p = G.ColCols;
        long cols = (long)count * p;
        for (int b = 0; b < count; b++)
            for (int k = 0; k < G.K; k++)
                new ReadOnlySpan<float>(SmallOf(n0 + b) + (long)k * p, p).CopyTo(new Span<float>(dst + k * cols + (long)b * p, p));
        return dst;
    }

    private readonly void Lower(int n0, int count, float* slab)
    {
        int p = G.ColCols;
        long cols = (long)count * p;
        float* aux = slab + Plan.ColLength;
        float* col = Columns(n0, count, slab, out long ld);
        if (GemmSmallK.Suits(G.K, p, G.ColRows))
        {
            for (int b = 0; b < count; b++)
            {
                GemmSmallK.Run(false, G.K, p, G.ColRows, W, G.ColRows, col + (long)b * p, ld, Beta, SmallOf(n0 + b), p);
                if (Bias != null) AddBias(SmallOf(n0 + b), Bias, G.K, p);
            }
        }
        else if (Transposes(G.K, (int)cols))
        {
            Gemm(true, true, (int)cols, G.K, G.ColRows, col, ld, W, G.ColRows, 0f, aux, G.K);
            for (int b = 0; b < count; b++) ScatterTransposed(aux + (long)b * p * G.K, SmallOf(n0 + b));
        }
        else if (PerImage(count))
        {
            for (int b = 0; b < count; b++)
            {
                Gemm(false, false, G.K, p, G.ColRows, W, G.ColRows, col + (long)b * p, ld, Beta, SmallOf(n0 + b), p);
                if (Bias != null) AddBias(SmallOf(n0 + b), Bias, G.K, p);
            }
        }
        else
        {
            Gemm(false, false, G.K, (int)cols, G.ColRows, W, G.ColRows, col, ld, 0f, aux, cols);
            for (int b = 0; b < count; b++) Scatter(aux + (long)b * p, cols, SmallOf(n0 + b));
        }
        if (Activation.Kind != 0)
            for (int b = 0; b < count; b++) CpuGemm.Activate(Activation, G.K, p, new Span<float>(SmallOf(n0 + b), G.K * p), p, 0, 1);
    }

    private readonly void Raise(int n0, int count, float* slab)
    {
        int p = G.ColCols;
        float* col = slab;
        if (PerImage(count))
        {
            for (int b = 0; b < count; b++)
            {
                float* img = ImageOf(n0 + b);
                if (G.IsPointwise)
                    Gemm(true, false, G.ColRows, p, G.K, W, G.ColRows, SmallOf(n0 + b), p, Beta, img, p);
                else
                {
                    Gemm(true, false, G.ColRows, p, G.K, W, G.ColRows, SmallOf(n0 + b), p, 0f, col, p);
                    if (Beta == 0f) new Span<float>(img, G.ImageLength).Clear();
                    CpuIm2Col.Col2ImAdd(col, p, img, G);
                }
                if (Bias != null) AddBias(img, Bias, G.C, G.H * G.W);
            }
            return;
        }
        long cols = (long)count * p;
        float* s = Gather(n0, count, slab + Plan.ColLength);
        Gemm(true, false, G.ColRows, (int)cols, G.K, W, G.ColRows, s, cols, 0f, col, cols);
        for (int b = 0; b < count; b++)
        {
            float* img = ImageOf(n0 + b);
            if (Beta == 0f) new Span<float>(img, G.ImageLength).Clear();
            CpuIm2Col.Col2ImAdd(col + (long)b * p, cols, img, G);
            if (Bias != null) AddBias(img, Bias, G.C, G.H * G.W);
        }
    }

    private readonly void WeightGrad(int n0, int count, float* slab, bool first)
    {
        int p = G.ColCols;
        float* partial = slab + Plan.SlabLength - G.WeightLength;
        bool t = WeightGradTransposed(G);
        float beta = first ? 0f : 1f;
        float* col = Columns(n0, count, slab, out long ld);
        if (PerImage(count))
        {
            for (int b = 0; b < count; b++, beta = 1f)
                WeightGemm(t, p, SmallOf(n0 + b), p, col + (long)b * p, ld, beta, partial);
            return;
        }
        long cols = (long)count * p;
        float* s = Gather(n0, count, slab + Plan.ColLength);
        WeightGemm(t, (int)cols, s, cols, col, ld, beta, partial);
    }

    /// <summary>partial (K × C·KH·KW, or its transpose) = beta·partial + s · colᵀ over an inner dimension of <paramref name="inner"/>.</summary>
    private readonly void WeightGemm(bool transposed, int inner, float* s, long lds, float* col, long ldcol, float beta, float* partial)
    {
        if (GemmDot.Suits(G.K, G.ColRows, inner, Math.Max(Fill(G.K, G.ColRows), Fill(G.ColRows, G.K))))
        {
            if (transposed) GemmDot.NT(G.ColRows, G.K, inner, col, ldcol, s, lds, beta, partial, G.K);
            else GemmDot.NT(G.K, G.ColRows, inner, s, lds, col, ldcol, beta, partial, G.ColRows);
            return;
        }
        if (transposed) Gemm(false, true, G.ColRows, G.K, inner, col, ldcol, s, lds, beta, partial, G.K);
        else Gemm(false, true, G.K, G.ColRows, inner, s, lds, col, ldcol, beta, partial, G.ColRows);
    }

    /// <summary>small (K × P) = beta·small + rows of the block product (row stride ld) + bias.</summary>
    private readonly void Scatter(float* src, long ld, float* small)
    {
        int p = G.ColCols;
        for (int k = 0; k < G.K; k++)
        {
            var s = new ReadOnlySpan<float>(src + k * ld, p);
            var d = new Span<float>(small + (long)k * p, p);
            if (Beta == 0f) s.CopyTo(d);
            else TensorPrimitives.MultiplyAdd(d, Beta, s, d);
            if (Bias != null) TensorPrimitives.Add(d, Bias[k], d);
        }
    }

    /// <summary>small (K × P) = beta·small + the transpose of a P × K block of the product + bias.</summary>
    private readonly void ScatterTransposed(float* src, float* small)
    {
        int p = G.ColCols, kk = G.K;
        const int Tile = 16;
        for (int p0 = 0; p0 < p; p0 += Tile)
        {
            int p1 = Math.Min(p, p0 + Tile);
            for (int k = 0; k < kk; k++)
            {
                float* d = small + (long)k * p;
                float add = Bias != null ? Bias[k] : 0f;
                if (Beta == 0f)
                    for (int i = p0; i < p1; i++) d[i] = src[(long)i * kk + k] + add;
                else
                    for (int i = p0; i < p1; i++) d[i] = Beta * d[i] + src[(long)i * kk + k] + add;
            }
        }
    }

    private static void AddBias(float* y, float* bias, int channels, int plane)
    {
        for (int c = 0; c < channels; c++)
        {
            var row = new Span<float>(y + (long)c * plane, plane);
            TensorPrimitives.Add(row, bias[c], row);
        }
    }

    /// <summary>Whether an m × n product fills the micro-tiles clearly better computed as its n × m transpose.</summary>
    private static bool Transposes(int m, int n) => Fill(n, m) > 1.05 * Fill(m, n);

    /// <summary>Fraction of the micro-tile work an m × n product keeps (rows in MR panels, columns in NR panels).</summary>
    private static double Fill(int m, int n)
    {
        int mr = GemmDriver.MR, nr = GemmDriver.NR;
        if (mr == 0 || nr == 0) return 1;
        return (double)m / ((m + mr - 1) / mr * mr) * n / ((n + nr - 1) / nr * nr);
    }

    /// <summary>C = op(A)·op(B) + beta·C on the calling thread (the pool's threads each run their own blocks).</summary>
    private static void Gemm(bool transA, bool transB, int m, int n, int k, float* a, long lda, float* b, long ldb, float beta, float* c, long ldc)
    {
        if (!transB && GemmSmallK.Suits(m, n, k))
        {
            GemmSmallK.Run(transA, m, n, k, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        var problem = new GemmProblem
        {
            A = a, B = b, C = c, Lda = (nint)lda, Ldb = (nint)ldb, Ldc = (nint)ldc,
            TransA = transA, TransB = transB, M = m, N = n, K = k, Alpha = 1f, Beta = beta,
        };
        GemmDriver.Run(problem, allowParallel: false);
    }
}
