using System.Numerics.Tensors;

namespace KernelGen.Kernels.Cpu;

/// <summary>
/// im2col and (scatter-add) col2im of one image on the CPU, row by row: the valid run of each column-matrix row
/// is found once, so the inner loops are plain copies (stride 1) or strided moves with no bounds tests. The
/// column matrix may be one image's part of a wider block matrix (row stride <c>ld</c>). Strides 1 and 2 run as
/// masked AVX-512 moves (<see cref="CpuIm2ColAvx512"/>) where available: short rows (7 or 14 pixels) are then
/// one or two instructions instead of a call.
/// </summary>
internal static unsafe class CpuIm2Col
{
    /// <summary>col (C·KH·KW × OH·OW, row stride ld) = im2col(img (C × H × W)).</summary>
    public static void Im2Col(float* img, float* col, long ld, in ConvGeometry g)
    {
        if (CpuIm2ColAvx512.Handles(g))
        {
            CpuIm2ColAvx512.Im2Col(img, col, ld, g);
            return;
        }
        for (int c = 0; c < g.C; c++)
            for (int ki = 0; ki < g.KH; ki++)
                for (int kj = 0; kj < g.KW; kj++)
                {
                    float* dst = col + ((c * g.KH + ki) * g.KW + kj) * ld;
                    int iwOff = kj * g.DW - g.PW;
                    var (lo, hi) = ValidRange(iwOff, g.SW, g.W, g.OW);
                    for (int oh = 0; oh < g.OH; oh++)
                    {
                        float* d = dst + oh * g.OW;
                        int ih = oh * g.SH - g.PH + ki * g.DH;
                        if ((uint)ih >= (uint)g.H)
                        {
                            new Span<float>(d, g.OW).Clear();
                            continue;
                        }
                        float* src = img + ((long)c * g.H + ih) * g.W + iwOff;
                        if (lo > 0) new Span<float>(d, lo).Clear();
                        if (hi < g.OW) new Span<float>(d + hi, g.OW - hi).Clear();
                        if (g.SW == 1)
                            new ReadOnlySpan<float>(src + lo, hi - lo).CopyTo(new Span<float>(d + lo, hi - lo));
                        else
                            for (int ow = lo; ow < hi; ow++) d[ow] = src[ow * g.SW];
                    }
                }
    }

    /// <summary>img (C × H × W) += col2im(col (C·KH·KW × OH·OW, row stride ld)).</summary>
    public static void Col2ImAdd(float* col, long ld, float* img, in ConvGeometry g)
    {
        if (CpuIm2ColAvx512.Handles(g))
        {
            CpuIm2ColAvx512.Col2ImAdd(col, ld, img, g);
            return;
        }
        for (int c = 0; c < g.C; c++)
            for (int ki = 0; ki < g.KH; ki++)
                for (int kj = 0; kj < g.KW; kj++)
                {
                    float* srcRow = col + ((c * g.KH + ki) * g.KW + kj) * ld;
                    int iwOff = kj * g.DW - g.PW;
                    var (lo, hi) = ValidRange(iwOff, g.SW, g.W, g.OW);
                    if (lo >= hi) continue;
                    for (int oh = 0; oh < g.OH; oh++)
                    {
                        int ih = oh * g.SH - g.PH + ki * g.DH;
                        if ((uint)ih >= (uint)g.H) continue;
                        float* s = srcRow + oh * g.OW;
                        float* dst = img + ((long)c * g.H + ih) * g.W + iwOff;
                        if (g.SW == 1)
                        {
                            var d = new Span<float>(dst + lo, hi - lo);
                            TensorPrimitives.Add(d, new ReadOnlySpan<float>(s + lo, hi - lo), d);
                        }
                        else
                            for (int ow = lo; ow < hi; ow++) dst[ow * g.SW] += s[ow];
                    }
                }
    }

    /// <summary>The outputs [lo, hi) whose input column ow·stride + offset lies in [0, size).</summary>
    internal static (int Lo, int Hi) ValidRange(int offset, int stride, int size, int outSize)
    {
        int lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
        int last = size - 1 - offset;
        int hi = last < 0 ? 0 : Math.Min(outSize, last / stride + 1);
        lo = Math.Min(lo, outSize);
        return (lo, Math.Max(lo, hi));
    }
}
