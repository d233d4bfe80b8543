namespace KernelGen.Kernels;

/// <summary>
/// Shape plumbing: concatenation and split of per-sample blocks (the channel/feature axis of NCHW or (N, F)
/// tensors), one-hot encoding of int labels, and broadcasting a per-sample vector into constant image
/// channels. <see cref="Shapes"/> launches them.
/// </summary>
public static partial class ShapeKernels
{
    /// <summary>v[i] = value.</summary>
    [Kernel]
    public static void SetInt(Index1D i, ArrayView<int> v, int value)
    {
        v[i] = value;
    }

    /// <summary>
    /// Sample n of y is [a_n | b_n] with blocks of <paramref name="sa"/> and <paramref name="sb"/> elements:
    /// y = that (accumulate = 0) or y += that (accumulate ≠ 0). Launch over y.
    /// </summary>
    [Kernel]
    public static void Concat(Index1D i, ArrayView<float> a, ArrayView<float> b, ArrayView<float> y, int sa, int sb, int accumulate)
    {
        int row = sa + sb;
        int n = i / row;
        int r = i - n * row;
        float v = r < sa ? a[n * sa + r] : b[n * sb + r - sa];
        y[i] = accumulate != 0 ? y[i] + v : v;
    }

    /// <summary>
    /// The inverse of <see cref="Concat"/>: sample n of x is [a_n | b_n]; writes (accumulate = 0) or adds
    /// (accumulate ≠ 0) each part into a or b. Launch over x.
    /// </summary>
    [Kernel]
    public static void Split(Index1D i, ArrayView<float> x, ArrayView<float> a, ArrayView<float> b, int sa, int sb, int accumulate)
    {
        int row = sa + sb;
        int n = i / row;
        int r = i - n * row;
        float v = x[i];
        if (r < sa)
        {
            int k = n * sa + r;
            a[k] = accumulate != 0 ? a[k] + v : v;
        }
        else
        {
            int k = n * sb + r - sa;
            b[k] = accumulate != 0 ? b[k] + v : v;
        }
    }

    /// <summary>y[n, k] = (labels[n] == k); a label outside [0, classes) leaves row n zero and sets status[0] = n + 1.</summary>
    [Kernel]
    public static void OneHot(Index1D i, ArrayView<int> labels, ArrayView<float> y, ArrayView<int> status, int classes)
    {
        int n = i / classes;
        int k = i - n * classes;
        int label = labels[n];
        y[i] = label == k ? 1f : 0f;
        if (k == 0 && (label < 0 || label >= classes)) status[0] = n + 1;
    }

    /// <summary>y[i] = v[i / spatial]: each element of v (N, K) becomes a constant plane of <paramref name="spatial"/> pixels.</summary>
    [Kernel]
    public static void ExpandChannels(Index1D i, ArrayView<float> v, ArrayView<float> y, int spatial)
    {
        y[i] = v[i / spatial];
    }

    /// <summary>dv[i] += Σ over the plane i of dy.</summary>
    [Kernel]
    public static void ExpandChannelsBackward(Index1D i, ArrayView<float> dy, ArrayView<float> dv, int spatial)
    {
        int begin = i * spatial;
        float s = 0f;
        for (int k = 0; k < spatial; k++) s += dy[begin + k];
        dv[i] += s;
    }

    /// <summary>
    /// Row <paramref name="row"/> of the planes of <paramref name="image"/> (P planes of height × width) and the one-row
    /// planes of <paramref name="line"/> (P planes of 1 × width): toImage 0 copies the row into line, 1 copies line into
    /// the row; accumulate ≠ 0 adds instead of writing. Launch over P·width.
    /// </summary>
    [Kernel]
    public static void CopyRow(Index1D i, ArrayView<float> image, ArrayView<float> line, int height, int width, int row, int toImage, int accumulate)
    {
        int p = i / width;
        int k = (p * height + row) * width + i - p * width;
        if (toImage != 0) image[k] = accumulate != 0 ? image[k] + line[i] : line[i];
        else line[i] = accumulate != 0 ? line[i] + image[k] : image[k];
    }
}
