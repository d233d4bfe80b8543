namespace KernelGen.Kernels;

public static partial class Conv
{
    /// <summary>Zeroes, in place, the taps of w (K, C, KH, KW) that <paramref name="mask"/> removes.</summary>
    public static void ApplyPixelCnnMask(AcceleratorStream stream, ArrayView<float> w, in Conv2dShape shape, PixelCnnMask mask)
    {
        const string op = nameof(ApplyPixelCnnMask);
        ConvValidation.Check(op, shape);
        ConvValidation.Exactly(op, nameof(w), w, shape.WeightLength, $"w (K={shape.OutChannels}, C={shape.InChannels}, {shape.KernelHeight}×{shape.KernelWidth})");
        stream.Launch(ConvKernels.PixelCnnMaskKernel, w.Length, w, shape.KernelHeight, shape.KernelWidth, mask == PixelCnnMask.A ? 1 : 0);
    }

    /// <summary>
    /// Masked convolution forward: masks w in place (so the stored weights stay masked), then <see cref="Conv2d"/>.
    /// Its data gradient is <see cref="Conv2dBackwardData"/> with the (masked) w.
    /// </summary>
    public static void MaskedConv2d(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> w, ArrayView<float> bias,
        ArrayView<float> y, ArrayView<float> scratch, in Conv2dShape shape, PixelCnnMask mask, GemmActivation activation = default)
    {
        ApplyPixelCnnMask(stream, w, shape, mask);
        Conv2d(stream, x, w, bias, y, scratch, shape, activation);
    }

    /// <summary>Masked convolution weight gradient: <see cref="Conv2dBackwardWeights"/>, then the masked taps of dw are zeroed.</summary>
    public static void MaskedConv2dBackwardWeights(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> dy,
        ArrayView<float> dw, ArrayView<float> scratch, in Conv2dShape shape, PixelCnnMask mask)
    {
        Conv2dBackwardWeights(stream, x, dy, dw, scratch, shape);
        ApplyPixelCnnMask(stream, dw, shape, mask);
    }
}
