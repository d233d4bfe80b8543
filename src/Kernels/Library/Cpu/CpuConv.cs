using System.Numerics.Tensors;
using KernelGen.Runtime.Cpu;

namespace KernelGen.Kernels.Cpu;

/// <summary>
/// CPU convolution passes over a <see cref="ConvGeometry"/>: images are split across <see cref="CpuThreadPool.Shared"/>,
/// each worker with its own scratch slab (column matrix, then a partial weight gradient), running im2col /
/// col2im and a single-threaded <see cref="CpuGemm"/> per image. Allocates nothing.
/// </summary>
internal static unsafe class CpuConv
{
    /// <summary>small[n] = (beta ? small[n] : 0) + W · im2col(img[n]) (+ bias[k] per row): convolution forward, transposed-convolution backward data.</summary>
    public static void Lower(in ConvGeometry g, float* img, float* w, float* bias, float* small, float beta, float* scratch, int slabs)
    {
        var body = new Body { G = g, Img = img, W = w, Bias = bias, Small = small, Beta = beta, Scratch = scratch, Slabs = slabs, Pass = 0 };
        CpuThreadPool.Shared.For(slabs, body);
    }

    /// <summary>img[n] = (accumulate ? img[n] : 0) + col2im(Wᵀ · small[n]) (+ bias[c] per channel): convolution backward data, transposed-convolution forward.</summary>
    public static void Raise(in ConvGeometry g, float* small, float* w, float* bias, float* img, bool accumulate, float* scratch, int slabs)
    {
        var body = new Body { G = g, Img = img, W = w, Bias = bias, Small = small, Beta = accumulate ? 1f : 0f, Scratch = scratch, Slabs = slabs, Pass = 1 };
        CpuThreadPool.Shared.For(slabs, body);
    }

    /// <summary>dw += Σₙ small[n] · im2col(img[n])ᵀ: the weight gradient of both convolutions.</summary>
    public static void WeightGrad(in ConvGeometry g, float* small, float* img, float* dw, float* scratch, int slabs)
    {
        var body = new Body { G = g, Img = img, W = dw, Small = small, Scratch = scratch, Slabs = slabs, Pass = 2 };
        CpuThreadPool.Shared.For(slabs, body);
        if (slabs > 1)
            CpuThreadPool.Shared.For(g.WeightLength, new SumPartials { G = g, Dw = dw, Scratch = scratch, Slabs = slabs }, grain: 4096);
    }

    private struct Body : ICpuRangeBody
    {
        public ConvGeometry G;
        public float* Img, W, Bias, Small, Scratch;
        public float Beta;
        public int Slabs, Pass;

        public readonly void Run(int start, int end)
        {
            for (int worker = start; worker < end; worker++)
            {
                float* col = Scratch + worker * G.SlabLength;
                bool first = true;
                for (int n = worker; n < G.N; n += Slabs)
                {
                    float* img = Img + (long)n * G.ImageLength;
                    float* small = Small + (long)n * G.SmallLength;
                    if (Pass == 0) LowerOne(img, small, col);
                    else if (Pass == 1) RaiseOne(small, img, col);
                    else
                    {
                        // One slab: accumulate straight into dw; several: each into its own partial, summed afterwards.
                        float* dw = Slabs == 1 ? W : col + G.ColLength;
                        float beta = Slabs == 1 || !first ? 1f : 0f;
                        float* c = G.IsPointwise ? img : col;
                        if (!G.IsPointwise) CpuIm2Col.Im2Col(img, col, G);
                        CpuGemm.Sgemm(false, true, G.K, G.ColRows, G.ColCols, 1f, small, G.ColCols, c, G.ColCols, beta, dw, G.ColRows);
                    }
                    first = false;
                }
            }
        }

        private readonly void LowerOne(float* img, float* small, float* col)
        {
            float* c = G.IsPointwise ? img : col;
            if (!G.IsPointwise) CpuIm2Col.Im2Col(img, col, G);
            CpuGemm.Sgemm(false, false, G.K, G.ColCols, G.ColRows, 1f, W, G.ColRows, c, G.ColCols, Beta, small, G.ColCols);
            if (Bias != null) AddBias(small, Bias, G.K, G.ColCols);
        }

        private readonly void RaiseOne(float* small, float* img, float* col)
        {
            if (G.IsPointwise)
                CpuGemm.Sgemm(true, false, G.ColRows, G.ColCols, G.K, 1f, W, G.ColRows, small, G.ColCols, Beta, img, G.ColCols);
            else
            {
                CpuGemm.Sgemm(true, false, G.ColRows, G.ColCols, G.K, 1f, W, G.ColRows, small, G.ColCols, 0f, col, G.ColCols);
                if (Beta == 0f) new Span<float>(img, G.ImageLength).Clear();
                CpuIm2Col.Col2ImAdd(col, img, G);
            }
            if (Bias != null) AddBias(img, Bias, G.C, G.H * G.W);
        }

        private static void AddBias(float* y, float* bias, int channels, int plane)
        {
            for (int c = 0; c < channels; c++)
            {
                var row = new Span<float>(y + (long)c * plane, plane);
                TensorPrimitives.Add(row, bias[c], row);
            }
        }
    }

    private struct SumPartials : ICpuRangeBody
    {
        public ConvGeometry G;
        public float* Dw, Scratch;
        public int Slabs;

        public readonly void Run(int start, int end)
        {
            var dw = new Span<float>(Dw + start, end - start);
            for (int s = 0; s < Slabs; s++)
                TensorPrimitives.Add(dw, new ReadOnlySpan<float>(Scratch + s * G.SlabLength + G.ColLength + start, end - start), dw);
        }
    }
}
