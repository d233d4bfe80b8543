namespace KernelGen.Kernels;

/// <summary>Host-side upsampling of NCHW images (nearest with integer scales; bilinear, align_corners=False).</summary>
public static class Resize
{
    /// <summary>y (n, c, h·scaleH, w·scaleW) = nearest upsampling of x (n, c, h, w).</summary>
    public static void Nearest(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> y, int n, int c, int h, int w, int scaleH, int scaleW)
    {
        CheckNearest("Nearest", x, "x", y, "y", n, c, h, w, scaleH, scaleW);
        stream.Launch(ResizeKernels.NearestKernel, y.Length, x, y, h, w, scaleH, scaleW);
    }

    /// <summary>dx (n, c, h, w) += the sum of dy (n, c, h·scaleH, w·scaleW) over each pixel's block.</summary>
    public static void NearestBackward(AcceleratorStream stream, ArrayView<float> dy, ArrayView<float> dx, int n, int c, int h, int w, int scaleH, int scaleW)
    {
        CheckNearest("NearestBackward", dx, "dx", dy, "dy", n, c, h, w, scaleH, scaleW);
        stream.Launch(ResizeKernels.NearestBackwardKernel, dx.Length, dy, dx, h, w, scaleH, scaleW);
    }

    /// <summary>y (n, c, oh, ow) = bilinear resampling of x (n, c, h, w) with align_corners=False (PyTorch's default).</summary>
    public static void Bilinear(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> y, int n, int c, int h, int w, int oh, int ow)
    {
        CheckBilinear("Bilinear", x, "x", y, "y", n, c, h, w, oh, ow);
        stream.Launch(ResizeKernels.BilinearKernel, y.Length, x, y, h, w, oh, ow, (float)h / oh, (float)w / ow);
    }

    /// <summary>dx (n, c, h, w) += the bilinear-resampling gradient of dy (n, c, oh, ow).</summary>
    public static void BilinearBackward(AcceleratorStream stream, ArrayView<float> dy, ArrayView<float> dx, int n, int c, int h, int w, int oh, int ow)
    {
        CheckBilinear("BilinearBackward", dx, "dx", dy, "dy", n, c, h, w, oh, ow);
        stream.Launch(ResizeKernels.BilinearBackwardKernel, dx.Length, dy, dx, h, w, oh, ow, (float)h / oh, (float)w / ow);
    }

    private static void CheckNearest(string op, ArrayView<float> small, string smallName, ArrayView<float> large, string largeName,
        int n, int c, int h, int w, int scaleH, int scaleW)
    {
        CheckImage(op, n, c, h, w);
        OpChecks.Positive(op, nameof(scaleH), scaleH);
        OpChecks.Positive(op, nameof(scaleW), scaleW);
        OpChecks.Length(op, smallName, small, (long)n * c * h * w, $"{n}×{c}×{h}×{w}");
        OpChecks.Length(op, largeName, large, (long)n * c * h * scaleH * w * scaleW, $"{n}×{c}×{(long)h * scaleH}×{(long)w * scaleW}");
    }

    private static void CheckBilinear(string op, ArrayView<float> input, string inputName, ArrayView<float> output, string outputName,
        int n, int c, int h, int w, int oh, int ow)
    {
        CheckImage(op, n, c, h, w);
        OpChecks.Positive(op, nameof(oh), oh);
        OpChecks.Positive(op, nameof(ow), ow);
        OpChecks.Length(op, inputName, input, (long)n * c * h * w, $"{n}×{c}×{h}×{w}");
        OpChecks.Length(op, outputName, output, (long)n * c * oh * ow, $"{n}×{c}×{oh}×{ow}");
    }

    private static void CheckImage(string op, int n, int c, int h, int w)
    {
        OpChecks.Positive(op, nameof(n), n);
        OpChecks.Positive(op, nameof(c), c);
        OpChecks.Positive(op, nameof(h), h);
        OpChecks.Positive(op, nameof(w), w);
    }
}
