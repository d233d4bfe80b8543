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
    public static void Im2Col(Index1D i, ArrayView<float> img, ArrayView<float> col, int channels, int height, int width,
        int outH, int outW, int kernelH, int kernelW, int strideH, int strideW, int padH, int padW, int dilH, int dilW)
    {
        int ow = i % outW;
        int t = i / outW;
        int oh = t % outH;
        t = t / outH;
        int kj = t % kernelW;
        t = t / kernelW;
        int ki = t % kernelH;
        t = t / kernelH;
        int c = t % channels;
        int s = t / channels;
        int ih = oh * strideH - padH + ki * dilH;
        int iw = ow * strideW - padW + kj * dilW;
        col[i] = ih >= 0 && ih < height && iw >= 0 && iw < width ? img[((s * channels + c) * height + ih) * width + iw] : 0f;
    }

    /// <summary>
    /// The adjoint of <see cref="Im2Col"/>, gathered: img[s, c, y, x] = (accumulate ? img : 0) + the sum of every
    /// column entry that im2col would have read from (y, x). Each thread owns one pixel, so no atomics.
    /// Launch over (images · C · H · W).
    /// </summary>
    [Kernel]
    public static void Col2Im(Index1D i, ArrayView<float> col, ArrayView<float> img, int channels, int height, int width,
        int outH, int outW, int kernelH, int kernelW, int strideH, int strideW, int padH, int padW, int dilH, int dilW, int accumulate)
    {
        int x = i % width;
        int t = i / width;
        int y = t % height;
        t = t / height;
        int c = t % channels;
        int s = t / channels;
        float sum = 0f;
        for (int ki = 0; ki < kernelH; ki++)
        {
            int ty = y + padH - ki * dilH;
            if (ty < 0) break;
            if (ty % strideH != 0) continue;
            int oh = ty / strideH;
            if (oh >= outH) continue;
            for (int kj = 0; kj < kernelW; kj++)
            {
                int tx = x + padW - kj * dilW;
                if (tx < 0) break;
                if (tx % strideW != 0) continue;
                int ow = tx / strideW;
                if (ow >= outW) continue;
                sum += col[((((s * channels + c) * kernelH + ki) * kernelW + kj) * outH + oh) * outW + ow];
            }
        }
        img[i] = accumulate != 0 ? img[i] + sum : sum;
    }

    /// <summary>y[n, c, p] += bias[c] over an NCHW tensor with <paramref name="plane"/> = H·W. Launch over y's length.</summary>
    [Kernel]
    public static void AddChannelBias(Index1D i, ArrayView<float> y, ArrayView<float> bias, int channels, int plane)
    {
        y[i] += bias[(i / plane) % channels];
    }

    /// <summary>db[c] += Σ over n and p of dy[n, c, p] (the bias gradient). Launch over the channels.</summary>
    [Kernel(CpuCounterpart = nameof(ChannelSumCpu))]
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
