using KernelGen.Graph.Ops;
using KernelGen.Kernels;

namespace KernelGen.Interchange.Onnx.Translation;

/// <summary>
/// Convolutions: KernelGen's layouts are ONNX's (x NCHW; Conv W (K, C, KH, KW); ConvTranspose W (C, K, KH, KW)) and
/// both compute cross-correlations, so the weights go over unchanged. A PixelCNN masked convolution is a Conv whose
/// exported weight has the masked taps zeroed (the stored weight is masked only by a forward pass).
/// </summary>
internal static class ConvolutionTranslation
{
    public static void Conv2d(Conv2dOp op, OnnxGraph g) => Conv(op, g, g.Value(op.Inputs[1]));

    public static void MaskedConv2d(MaskedConv2dOp op, OnnxGraph g)
    {
        var s = op.Geometry;
        Conv(op, g, g.Parameter(op.Inputs[1], w => Masked(w, s.KernelHeight, s.KernelWidth, op.Mask)));
    }

    private static void Conv(Conv2dOp op, OnnxGraph g, string weight)
    {
        var s = op.Geometry;
        var inputs = new List<string> { g.Value(op.Inputs[0]), weight };
        if (op.Inputs.Count > 2) inputs.Add(g.Value(op.Inputs[2]));
        g.Node("Conv", op.Name, inputs, g.Value(op.Result))
            .Ints("kernel_shape", s.KernelHeight, s.KernelWidth)
            .Ints("strides", s.StrideH, s.StrideW)
            .Ints("pads", s.PadH, s.PadW, s.PadH, s.PadW)
            .Ints("dilations", s.DilationH, s.DilationW);
    }

    public static void ConvTranspose2d(ConvTranspose2dOp op, OnnxGraph g)
    {
        var s = op.Geometry;
        g.Node("ConvTranspose", op.Name, op.Inputs.Select(g.Value), g.Value(op.Result))
            .Ints("kernel_shape", s.KernelHeight, s.KernelWidth)
            .Ints("strides", s.StrideH, s.StrideW)
            .Ints("pads", s.PadH, s.PadW, s.PadH, s.PadW)
            .Ints("output_padding", s.OutputPadH, s.OutputPadW)
            .Ints("dilations", s.DilationH, s.DilationW);
    }

    /// <summary>The taps of w (K, C, KH, KW) that the mask keeps, as <see cref="Conv.ApplyPixelCnnMask"/> keeps them: those before the centre in raster order (and the centre for mask B).</summary>
    internal static float[] Masked(float[] w, int kernelH, int kernelW, PixelCnnMask mask)
    {
        var masked = (float[])w.Clone();
        int area = kernelH * kernelW, centre = kernelH / 2 * kernelW + kernelW / 2;
        for (int i = 0; i < masked.Length; i++)
        {
            int p = i % area;
            if (p > centre || (mask == PixelCnnMask.A && p == centre)) masked[i] = 0f;
        }
        return masked;
    }
}
