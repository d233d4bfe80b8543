namespace KernelGen.Kernels;

/// <summary>
/// Index kernels of the convolutions (see <see cref="Conv"/>): im2col, gather-style col2im (no atomics), the
/// per-channel bias add and bias gradient, and the PixelCNN weight mask. Images are NCHW; the column matrix of
/// image s is (C·KH·KW) × (OH·OW), row (c·KH + ki)·KW + kj, column oh·OW + ow, images one after another.
/// </summary>
public static partial class ConvKernels
{
    /// <summary>
    /// col[s, (c, ki, kj), (oh, ow)] = img[s, c, oh·sh − ph + ki·dh, ow·sw − pw + kj·dw], or 0 outside the
    /// image. Launch over (images · C·KH·KW · OH·OW).
    /// </summary>
    [Kernel]
    public static void Im2Col(Index1D i, ArrayView<float> img, ArrayView<float> col, Im2ColGeometry g)
    {
        int ow = i % g.OutW;
        int t = i / g.OutW;
        int oh = t % g.OutH;
        t = t / g.OutH;
        int kj = t % g.KernelW;
        t = t / g.KernelW;
        int ki = t % g.KernelH;
        t = t / g.KernelH;
        int c = t % g.Channels;
        int s = t / g.Channels;
        int ih = oh * g.StrideH - g.PadH + ki * g.DilH;
        int iw = ow * g.StrideW - g.PadW + kj * g.DilW;
        col[i] = ih >= 0 && ih < g.Height && iw >= 0 && iw < g.Width ? img[((s * g.Channels + c) * g.Height + ih) * g.Width + iw] : 0f;
    }

    /// <summary>
    /// The adjoint of <see cref="Im2Col"/>, gathered: img[s, c, y, x] = (accumulate ? img : 0) + the sum of every
    /// column entry that im2col would have read from (y, x) (+ bias[c] when hasBias is 1; bias is any non-empty view
    /// otherwise). Each thread owns one pixel, so no atomics.
    /// Launch over (images · C · H · W).
    /// </summary>
    [Kernel]
    public static void Col2Im(Index1D i, ArrayView<float> col, ArrayView<float> img, Im2ColGeometry g, int accumulate,
        ArrayView<float> bias, int hasBias)
    {
        int x = i % g.Width;
        int t = i / g.Width;
        int y = t % g.Height;
        t = t / g.Height;
        int c = t % g.Channels;
        int s = t / g.Channels;
        float sum = 0f;
        for (int ki = 0; ki < g.KernelH; ki++)
        {
            int ty = y + g.PadH - ki * g.DilH;
            if (ty < 0) break;
            if (ty % g.StrideH != 0) continue;
            int oh = ty / g.StrideH;
            if (oh >= g.OutH) continue;
            for (int kj = 0; kj < g.KernelW; kj++)
            {
                int tx = x + g.PadW - kj * g.DilW;
                if (tx < 0) break;
                if (tx % g.StrideW != 0) continue;
                int ow = tx / g.StrideW;
                if (ow >= g.OutW) continue;
                sum += col[((((s * g.Channels + c) * g.KernelH + ki) * g.KernelW + kj) * g.OutH + oh) * g.OutW + ow];
            }
        }
        if (hasBias != 0) sum += bias[c];
        img[i] = accumulate != 0 ? img[i] + sum : sum;
    }

    /// <summary>y[n, c, p] += bias[c] over an NCHW tensor with <paramref name="plane"/> = H·W. Launch over y's length.</summary>
    [Kernel]
    public static void AddChannelBias(Index1D i, ArrayView<float> y, ArrayView<float> bias, int channels, int plane)
    {
        y[i] += bias[(i / plane) % channels];
    }

    /// <summary>db[c] += Σ over n and p of dy[n, c, p] (the bias gradient). Launch over the channels.</summary>
    [Kernel(CpuCounterpart = "ChannelSumCpu")]
    public static void ChannelSum(Index1D c, ArrayView<float> dy, ArrayView<float> db, int batch, int channels, int plane)
    {
        float sum = 0f;
        for (int n = 0; n < batch; n++)
        {
            int row = (n * channels + c) * plane;
            for (int p = 0; p < plane; p++) sum += dy[row + p];
        }
        db[c] += sum;
    }

    /// <summary>
    /// PixelCNN mask on weights (…, KH, KW): zeroes the taps after the centre in raster order, and the centre
    /// too when <paramref name="maskA"/> is 1. Launch over the weights' length.
    /// </summary>
    [Kernel]
    public static void PixelCnnMask(Index1D i, ArrayView<float> w, int kernelH, int kernelW, int maskA)
    {
        int p = i % (kernelH * kernelW);
        int centre = (kernelH / 2) * kernelW + kernelW / 2;
        if (p > centre || (maskA != 0 && p == centre)) w[i] = 0f;
    }
}
