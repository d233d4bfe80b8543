using KernelGen.Runtime.Cpu;

namespace KernelGen.Kernels.Cpu;

/// <summary>
/// CPU convolution passes over a <see cref="ConvGeometry"/>, cut by a <see cref="CpuConvPlan"/>: each pool
/// thread takes a contiguous run of images and its own scratch slab, and goes through the run a block of images
/// at a time: im2col of the block into one column matrix, one single-threaded <see cref="CpuGemm"/> product over
/// the whole block (or one per image when an image alone is wide enough), then a scatter to NCHW or col2im
/// (<see cref="CpuConvBlock"/>). Allocates nothing.
/// </summary>
internal static unsafe class CpuConv
{
    /// <summary>small[n] = (beta ? small[n] : 0) + W · im2col(img[n]) (+ bias[k] per row): convolution forward, transposed-convolution backward data.</summary>
    public static void Lower(in ConvGeometry g, float* img, float* w, float* bias, float* small, float beta, float* scratch,
        GemmActivation activation = default) =>
        Run(g, new CpuConvBlock { G = g, Img = img, W = w, Bias = bias, Small = small, Beta = beta, Activation = activation, Pass = CpuConvPass.Lower }, scratch);

    /// <summary>img[n] = (accumulate ? img[n] : 0) + col2im(Wᵀ · small[n]) (+ bias[c] per channel): convolution backward data, transposed-convolution forward.</summary>
    public static void Raise(in ConvGeometry g, float* small, float* w, float* bias, float* img, bool accumulate, float* scratch) =>
        Run(g, new CpuConvBlock { G = g, Img = img, W = w, Bias = bias, Small = small, Beta = accumulate ? 1f : 0f, Pass = CpuConvPass.Raise }, scratch);

    /// <summary>dw += Σₙ small[n] · im2col(img[n])ᵀ: the weight gradient of both convolutions.</summary>
    public static void WeightGrad(in ConvGeometry g, float* small, float* img, float* dw, float* scratch)
    {
        var plan = Run(g, new CpuConvBlock { G = g, Img = img, W = dw, Small = small, Pass = CpuConvPass.WeightGrad }, scratch);
        bool transposed = CpuConvBlock.WeightGradTransposed(g);
        CpuThreadPool.Shared.For(transposed ? g.K : g.WeightLength,
            new SumPartials { G = g, Plan = plan, Dw = dw, Scratch = scratch, Transposed = transposed }, grain: transposed ? 8 : 4096);
    }

    private static CpuConvPlan Run(in ConvGeometry g, CpuConvBlock block, float* scratch)
    {
        var plan = CpuConvPlan.Of(g, CpuThreadPool.Shared.ThreadCount);
        block.Plan = plan;
        block.Scratch = scratch;
        CpuThreadPool.Shared.For(plan.Slabs, new SlabBody { Block = block });
        return plan;
    }

    private struct SlabBody : ICpuRangeBody
    {
        public CpuConvBlock Block;

        public readonly void Run(int start, int end)
        {
            var p = Block.Plan;
            int n = Block.G.N;
            for (int s = start; s < end; s++)
            {
                int lo = (int)((long)n * s / p.Slabs), hi = (int)((long)n * (s + 1) / p.Slabs);
                float* slab = Block.Scratch + s * p.SlabLength;
                for (int n0 = lo; n0 < hi; n0 += p.Images)
                    Block.Run(n0, Math.Min(p.Images, hi - n0), slab, first: n0 == lo);
            }
        }
    }

    /// <summary>dw += the slabs' partial weight gradients (stored K × C·KH·KW, or transposed).</summary>
    private struct SumPartials : ICpuRangeBody
    {
        public ConvGeometry G;
        public CpuConvPlan Plan;
        public float* Dw, Scratch;
        public bool Transposed;

        public readonly void Run(int start, int end)
        {
            long offset = Plan.ColLength + Plan.AuxLength - G.WeightLength;
            if (!Transposed)
            {
                var dw = new Span<float>(Dw + start, end - start);
                for (int s = 0; s < Plan.Slabs; s++)
                    System.Numerics.Tensors.TensorPrimitives.Add(dw, new ReadOnlySpan<float>(Scratch + s * Plan.SlabLength + offset + start, end - start), dw);
                return;
            }
            int rows = G.ColRows;
            for (int k = start; k < end; k++)
            {
                float* d = Dw + (long)k * rows;
                for (int s = 0; s < Plan.Slabs; s++)
                {
                    float* part = Scratch + s * Plan.SlabLength + offset + k;
                    for (int r = 0; r < rows; r++) d[r] += part[(long)r * G.K];
                }
            }
        }
    }
}
