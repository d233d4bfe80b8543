namespace KernelGen.Kernels;

/// <summary>
/// Upsampling of NCHW images: nearest (integer scale per axis) and bilinear (PyTorch's
/// <c>align_corners=False</c>: source = max((dst + ½)·in/out − ½, 0)). Forward kernels run once per output
/// element; backward kernels once per input element, gathering from the outputs that read it (no atomics).
/// </summary>
public static partial class ResizeKernels
{
    /// <summary>y[p, oy, ox] = x[p, oy / scaleH, ox / scaleW]. Extent: planes·(h·scaleH)·(w·scaleW).</summary>
    [Kernel]
    public static void Nearest(Index1D i, ArrayView<float> x, ArrayView<float> y, int h, int w, int scaleH, int scaleW)
    {
        int ow = w * scaleW;
        int oh = h * scaleH;
        int ox = i % ow;
        int t = i / ow;
        int oy = t % oh;
        int plane = t / oh;
        y[i] = x[(plane * h + oy / scaleH) * w + ox / scaleW];
    }

    /// <summary>dx[p, iy, ix] += Σ dy over its scaleH×scaleW output block. Extent: planes·h·w.</summary>
    [Kernel]
    public static void NearestBackward(Index1D i, ArrayView<float> dy, ArrayView<float> dx, int h, int w, int scaleH, int scaleW)
    {
        int ow = w * scaleW;
        int oh = h * scaleH;
        int ix = i % w;
        int t = i / w;
        int iy = t % h;
        int plane = t / h;
        float sum = 0f;
        for (int r = 0; r < scaleH; r++)
        {
            int row = (plane * oh + iy * scaleH + r) * ow + ix * scaleW;
            for (int c = 0; c < scaleW; c++) sum += dy[row + c];
        }
        dx[i] += sum;
    }

    /// <summary>
    /// Bilinear interpolation with align_corners=False; <paramref name="scaleH"/> = h / oh and
    /// <paramref name="scaleW"/> = w / ow in float, as PyTorch computes them. Extent: planes·oh·ow.
    /// </summary>
    [Kernel]
    public static void Bilinear(Index1D i, ArrayView<float> x, ArrayView<float> y, int h, int w, int oh, int ow, float scaleH, float scaleW)
    {
        int ox = i % ow;
        int t = i / ow;
        int oy = t % oh;
        int plane = t / oh;
        float sy = SourceCoordinate(oy, scaleH);
        float sx = SourceCoordinate(ox, scaleW);
        int y0 = (int)sy;
        int x0 = (int)sx;
        int y1 = y0 < h - 1 ? y0 + 1 : y0;
        int x1 = x0 < w - 1 ? x0 + 1 : x0;
        float ly1 = sy - y0;
        float lx1 = sx - x0;
        float ly0 = 1f - ly1;
        float lx0 = 1f - lx1;
        int planeBase = plane * h * w;
        y[i] = ly0 * (lx0 * x[planeBase + y0 * w + x0] + lx1 * x[planeBase + y0 * w + x1])
             + ly1 * (lx0 * x[planeBase + y1 * w + x0] + lx1 * x[planeBase + y1 * w + x1]);
    }

    /// <summary>dx[p, iy, ix] += Σ dy[o]·weight(o → iy, ix) over the outputs that interpolate from it. Extent: planes·h·w.</summary>
    [Kernel]
    public static void BilinearBackward(Index1D i, ArrayView<float> dy, ArrayView<float> dx, int h, int w, int oh, int ow, float scaleH, float scaleW)
    {
        int ix = i % w;
        int t = i / w;
        int iy = t % h;
        int plane = t / h;
        int oyFirst = Math.Max(FirstCandidate(iy, scaleH), 0);
        int oyLast = Math.Min(LastCandidate(iy, scaleH), oh - 1);
        int oxFirst = Math.Max(FirstCandidate(ix, scaleW), 0);
        int oxLast = Math.Min(LastCandidate(ix, scaleW), ow - 1);
        float sum = 0f;
        for (int oy = oyFirst; oy <= oyLast; oy++)
        {
            float wy = Weight(iy, SourceCoordinate(oy, scaleH), h);
            if (wy == 0f) continue;
            float row = 0f;
            for (int ox = oxFirst; ox <= oxLast; ox++)
            {
                float wx = Weight(ix, SourceCoordinate(ox, scaleW), w);
                row += wx * dy[(plane * oh + oy) * ow + ox];
            }
            sum += wy * row;
        }
        dx[i] += sum;
    }

    /// <summary>max((dst + ½)·scale − ½, 0): the source coordinate of output <paramref name="dst"/>.</summary>
    [KernelFunction]
    public static float SourceCoordinate(int dst, float scale)
    {
        float s = scale * (dst + 0.5f) - 0.5f;
        return s < 0f ? 0f : s;
    }

    /// <summary>The weight input position <paramref name="p"/> gets from source coordinate <paramref name="s"/> (size <paramref name="n"/>).</summary>
    [KernelFunction]
    public static float Weight(int p, float s, int n)
    {
        int p0 = (int)s;
        int p1 = p0 < n - 1 ? p0 + 1 : p0;
        float l1 = s - p0;
        float weight = 0f;
        if (p0 == p) weight += 1f - l1;
        if (p1 == p) weight += l1;
        return weight;
    }

    /// <summary>An output index at or below the first whose source coordinate reaches p − 1.</summary>
    [KernelFunction]
    public static int FirstCandidate(int p, float scale) => (int)MathF.Floor((p - 0.5f) / scale - 0.5f) - 1;

    /// <summary>An output index at or above the last whose source coordinate stays below p + 1.</summary>
    [KernelFunction]
    public static int LastCandidate(int p, float scale) => (int)MathF.Ceiling((p + 1.5f) / scale - 0.5f) + 1;
}
