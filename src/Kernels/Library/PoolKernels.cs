namespace KernelGen.Kernels;

/// <summary>
/// 2-D max and average pooling over NCHW images (square window, one stride and one padding for both axes,
/// PyTorch's floor output size). Forward kernels run once per output element; backward kernels run once per
/// input element and gather the gradient from every window that covers it, so no atomics are needed and
/// overlapping windows (stride &lt; kernel) are summed exactly.
/// </summary>
public static partial class PoolKernels
{
    /// <summary>
    /// y = max over the window (padding counts as −∞); argmax[o] = index of the maximum within its input plane
    /// (row·w + column; the first one on ties, as PyTorch). A NaN in the window propagates as PyTorch's
    /// <c>val &gt; maxval || isnan(val)</c>: y is NaN and argmax the last NaN in row-major order, so the backward
    /// routes the gradient there. Extent: planes·oh·ow.
    /// </summary>
    [Kernel(CpuCounterpart = "MaxPool2DCpu")]
    public static void MaxPool2D(Index1D i, ArrayView<float> x, ArrayView<float> y, ArrayView<int> argmax,
        int h, int w, int oh, int ow, int kernel, int stride, int padding)
    {
        int ox = i % ow;
        int t = i / ow;
        int oy = t % oh;
        int plane = t / oh;
        int y0 = oy * stride - padding;
        int x0 = ox * stride - padding;
        int y1 = Math.Min(y0 + kernel, h);
        int x1 = Math.Min(x0 + kernel, w);
        y0 = Math.Max(y0, 0);
        x0 = Math.Max(x0, 0);
        int planeBase = plane * h * w;
        float best = float.NegativeInfinity;
        int bestIndex = y0 * w + x0;
        for (int r = y0; r < y1; r++)
        {
            for (int c = x0; c < x1; c++)
            {
                float v = x[planeBase + r * w + c];
                if (v > best || IsNaN(v))
                {
                    best = v;
                    bestIndex = r * w + c;
                }
            }
        }
        y[i] = best;
        argmax[i] = bestIndex;
    }

    /// <summary>dx[p] += Σ dy[o] over the outputs o whose argmax is p. Extent: planes·h·w.</summary>
    [Kernel(CpuCounterpart = "MaxPool2DBackwardCpu")]
    public static void MaxPool2DBackward(Index1D i, ArrayView<float> dy, ArrayView<int> argmax, ArrayView<float> dx,
        int h, int w, int oh, int ow, int kernel, int stride, int padding)
    {
        int ix = i % w;
        int t = i / w;
        int iy = t % h;
        int plane = t / h;
        int self = iy * w + ix;
        int oyFirst = FirstWindow(iy, kernel, stride, padding);
        int oyLast = Math.Min((iy + padding) / stride, oh - 1);
        int oxFirst = FirstWindow(ix, kernel, stride, padding);
        int oxLast = Math.Min((ix + padding) / stride, ow - 1);
        float sum = 0f;
        for (int oy = oyFirst; oy <= oyLast; oy++)
        {
            for (int ox = oxFirst; ox <= oxLast; ox++)
            {
                int o = (plane * oh + oy) * ow + ox;
                if (argmax[o] == self) sum += dy[o];
            }
        }
        dx[i] += sum;
    }

    /// <summary>
    /// y = mean over the window. With <paramref name="countIncludePad"/> ≠ 0 (PyTorch's default) the divisor is the
    /// window's size within the padded input; otherwise the number of real input elements it covers.
    /// Extent: planes·oh·ow.
    /// </summary>
    [Kernel]
    public static void AvgPool2D(Index1D i, ArrayView<float> x, ArrayView<float> y,
        int h, int w, int oh, int ow, int kernel, int stride, int padding, int countIncludePad)
    {
        int ox = i % ow;
        int t = i / ow;
        int oy = t % oh;
        int plane = t / oh;
        int y0 = oy * stride - padding;
        int x0 = ox * stride - padding;
        int y1 = Math.Min(y0 + kernel, h);
        int x1 = Math.Min(x0 + kernel, w);
        y0 = Math.Max(y0, 0);
        x0 = Math.Max(x0, 0);
        int planeBase = plane * h * w;
        float sum = 0f;
        for (int r = y0; r < y1; r++)
            for (int c = x0; c < x1; c++)
                sum += x[planeBase + r * w + c];
        y[i] = sum / AvgDivisor(oy, ox, h, w, kernel, stride, padding, countIncludePad);
    }

    /// <summary>dx[p] += Σ dy[o] / divisor(o) over the windows o that cover p. Extent: planes·h·w.</summary>
    [Kernel]
    public static void AvgPool2DBackward(Index1D i, ArrayView<float> dy, ArrayView<float> dx,
        int h, int w, int oh, int ow, int kernel, int stride, int padding, int countIncludePad)
    {
        int ix = i % w;
        int t = i / w;
        int iy = t % h;
        int plane = t / h;
        int oyFirst = FirstWindow(iy, kernel, stride, padding);
        int oyLast = Math.Min((iy + padding) / stride, oh - 1);
        int oxFirst = FirstWindow(ix, kernel, stride, padding);
        int oxLast = Math.Min((ix + padding) / stride, ow - 1);
        float sum = 0f;
        for (int oy = oyFirst; oy <= oyLast; oy++)
            for (int ox = oxFirst; ox <= oxLast; ox++)
                sum += dy[(plane * oh + oy) * ow + ox] / AvgDivisor(oy, ox, h, w, kernel, stride, padding, countIncludePad);
        dx[i] += sum;
    }

    /// <summary>True for NaN: exponent all ones and a non-zero mantissa (read from the bits, so no compiler's float
    /// comparison rules are involved).</summary>
    [KernelFunction]
    public static bool IsNaN(float v) => (KernelMath.AsUInt(v) & 0x7fffffffu) > 0x7f800000u;

    /// <summary>The first window (output index) along one axis whose span covers input position <paramref name="p"/>.</summary>
    [KernelFunction]
    public static int FirstWindow(int p, int kernel, int stride, int padding)
    {
        int lowest = p + padding - kernel + 1;
        return lowest <= 0 ? 0 : (lowest + stride - 1) / stride;
    }

    /// <summary>The divisor of average-pool window (oy, ox), as PyTorch computes it.</summary>
    [KernelFunction]
    public static float AvgDivisor(int oy, int ox, int h, int w, int kernel, int stride, int padding, int countIncludePad)
    {
        int y0 = oy * stride - padding;
        int x0 = ox * stride - padding;
        int y1 = Math.Min(y0 + kernel, h + padding);
        int x1 = Math.Min(x0 + kernel, w + padding);
        if (countIncludePad != 0) return (float)((y1 - y0) * (x1 - x0));
        y1 = Math.Min(y1, h);
        x1 = Math.Min(x1, w);
        y0 = Math.Max(y0, 0);
        x0 = Math.Max(x0, 0);
        return (float)((y1 - y0) * (x1 - x0));
    }
}
