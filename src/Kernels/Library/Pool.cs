namespace KernelGen.Kernels;

/// <summary>
/// Host-side 2-D pooling over NCHW images (square window <c>kernel</c>, <c>stride</c>, symmetric zero/−∞
/// <c>padding</c>, floor output size as PyTorch's <c>ceil_mode=False</c>). Forward overwrites, backward accumulates.
/// </summary>
public static class Pool
{
    /// <summary>Output size along one axis: ⌊(input + 2·padding − kernel) / stride⌋ + 1.</summary>
    public static int OutputSize(int input, int kernel, int stride, int padding) =>
        (input + 2 * padding - kernel) / stride + 1;

    /// <summary>
    /// Max pooling of x (n, c, h, w) into y (n, c, oh, ow); <paramref name="argmax"/> (same length as y) receives each
    /// maximum's index within its input plane, for <see cref="MaxPool2DBackward"/>.
    /// </summary>
    public static void MaxPool2D(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> y, ArrayView<int> argmax,
        int n, int c, int h, int w, int kernel, int stride, int padding)
    {
        var (oh, ow) = Check("MaxPool2D", x, "y", y, n, c, h, w, kernel, stride, padding);
        OpChecks.Length("MaxPool2D", nameof(argmax), argmax, (long)n * c * oh * ow, $"{n}×{c}×{oh}×{ow}");
        stream.Launch(PoolKernels.MaxPool2DKernel, y.Length, x, y, argmax, h, w, oh, ow, kernel, stride, padding);
    }

    /// <summary>dx (n, c, h, w) += the gradient dy (n, c, oh, ow) routed to the maxima recorded in <paramref name="argmax"/>.</summary>
    public static void MaxPool2DBackward(AcceleratorStream stream, ArrayView<float> dy, ArrayView<int> argmax, ArrayView<float> dx,
        int n, int c, int h, int w, int kernel, int stride, int padding)
    {
        var (oh, ow) = Check("MaxPool2DBackward", dx, "dy", dy, n, c, h, w, kernel, stride, padding, "dx");
        OpChecks.Length("MaxPool2DBackward", nameof(argmax), argmax, (long)n * c * oh * ow, $"{n}×{c}×{oh}×{ow}");
        stream.Launch(PoolKernels.MaxPool2DBackwardKernel, dx.Length, dy, argmax, dx, h, w, oh, ow, kernel, stride, padding);
    }

    /// <summary>
    /// Average pooling of x (n, c, h, w) into y (n, c, oh, ow). <paramref name="countIncludePad"/> (PyTorch's default
    /// true) divides by the window size including padding.
    /// </summary>
    public static void AvgPool2D(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> y,
        int n, int c, int h, int w, int kernel, int stride, int padding, bool countIncludePad = true)
    {
        var (oh, ow) = Check("AvgPool2D", x, "y", y, n, c, h, w, kernel, stride, padding);
        stream.Launch(PoolKernels.AvgPool2DKernel, y.Length, x, y, h, w, oh, ow, kernel, stride, padding, countIncludePad ? 1 : 0);
    }

    /// <summary>dx (n, c, h, w) += the average-pool gradient of dy (n, c, oh, ow).</summary>
    public static void AvgPool2DBackward(AcceleratorStream stream, ArrayView<float> dy, ArrayView<float> dx,
        int n, int c, int h, int w, int kernel, int stride, int padding, bool countIncludePad = true)
    {
        var (oh, ow) = Check("AvgPool2DBackward", dx, "dy", dy, n, c, h, w, kernel, stride, padding, "dx");
        stream.Launch(PoolKernels.AvgPool2DBackwardKernel, dx.Length, dy, dx, h, w, oh, ow, kernel, stride, padding, countIncludePad ? 1 : 0);
    }

    private static (int Oh, int Ow) Check(string op, ArrayView<float> input, string outputName, ArrayView<float> output,
        int n, int c, int h, int w, int kernel, int stride, int padding, string inputName = "x")
    {
        OpChecks.Positive(op, nameof(n), n);
        OpChecks.Positive(op, nameof(c), c);
        OpChecks.Positive(op, nameof(h), h);
        OpChecks.Positive(op, nameof(w), w);
        OpChecks.Positive(op, nameof(kernel), kernel);
        OpChecks.Positive(op, nameof(stride), stride);
        OpChecks.NonNegative(op, nameof(padding), padding);
        if (2 * padding > kernel)
            throw new ArgumentException($"{op}: padding {padding} is more than half the kernel {kernel}.", nameof(padding));
        if (kernel > h + 2 * padding || kernel > w + 2 * padding)
            throw new ArgumentException(
                $"{op}: the {kernel}×{kernel} window is larger than the padded input {h + 2 * padding}×{w + 2 * padding} ({h}×{w} with padding {padding}).",
                nameof(kernel));
        int oh = OutputSize(h, kernel, stride, padding), ow = OutputSize(w, kernel, stride, padding);
        OpChecks.Length(op, inputName, input, (long)n * c * h * w, $"{n}×{c}×{h}×{w}");
        OpChecks.Length(op, outputName, output, (long)n * c * oh * ow, $"{n}×{c}×{oh}×{ow}");
        return (oh, ow);
    }
}
