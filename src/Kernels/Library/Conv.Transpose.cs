namespace KernelGen.Kernels;

public static partial class Conv
{
    /// <summary>Scratch elements the ConvTranspose2d ops need on <paramref name="backend"/> (see <see cref="Conv2dScratchLength"/>).</summary>
    public static int ConvTranspose2dScratchLength(in ConvTranspose2dShape shape, Backend? backend = null) =>
        ScratchLength(ConvValidation.Check(nameof(ConvTranspose2d), shape), backend);

    /// <summary>
    /// y = conv_transpose(x, w) + bias (PyTorch's ConvTranspose2d): col = Wᵀ·x[n], y[n] = col2im(col).
    /// x (N, Cin, H, W), w (Cin, Cout, KH, KW), bias (Cout) or an empty view, y (N, Cout, OH, OW).
    /// </summary>
    public static void ConvTranspose2d(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> w, ArrayView<float> bias,
        ArrayView<float> y, ArrayView<float> scratch, in ConvTranspose2dShape shape)
    {
        const string op = nameof(ConvTranspose2d);
        var g = ConvValidation.Check(op, shape);
        CheckX(op, nameof(x), x, shape);
        CheckW(op, nameof(w), w, shape);
        if (!bias.IsEmpty) ConvValidation.Exactly(op, nameof(bias), bias, shape.OutChannels, $"bias (Cout={shape.OutChannels})");
        CheckY(op, nameof(y), y, shape);
        int slabs = Slabs(op, stream, scratch, g);
        Raise(stream, g, x, w, bias, y, false, scratch, slabs);
    }

    /// <summary>dx += W · im2col(dy[n]) (a plain convolution of dy). Shapes as in <see cref="ConvTranspose2d"/>.</summary>
    public static void ConvTranspose2dBackwardData(AcceleratorStream stream, ArrayView<float> dy, ArrayView<float> w,
        ArrayView<float> dx, ArrayView<float> scratch, in ConvTranspose2dShape shape)
    {
        const string op = nameof(ConvTranspose2dBackwardData);
        var g = ConvValidation.Check(op, shape);
        CheckY(op, nameof(dy), dy, shape);
        CheckW(op, nameof(w), w, shape);
        CheckX(op, nameof(dx), dx, shape);
        int slabs = Slabs(op, stream, scratch, g);
        Lower(stream, g, dy, w, default, dx, 1f, scratch, slabs);
    }

    /// <summary>dw += Σₙ x[n] · im2col(dy[n])ᵀ. Shapes as in <see cref="ConvTranspose2d"/>.</summary>
    public static void ConvTranspose2dBackwardWeights(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> dy,
        ArrayView<float> dw, ArrayView<float> scratch, in ConvTranspose2dShape shape)
    {
        const string op = nameof(ConvTranspose2dBackwardWeights);
        var g = ConvValidation.Check(op, shape);
        CheckX(op, nameof(x), x, shape);
        CheckY(op, nameof(dy), dy, shape);
        CheckW(op, nameof(dw), dw, shape);
        int slabs = Slabs(op, stream, scratch, g);
        WeightGrad(stream, g, x, dy, dw, scratch, slabs);
    }

    /// <summary>
    /// Both gradients of the weights and the input at once: dx += W · im2col(dy[n]) when <paramref name="dx"/> is not
    /// empty, dw += Σₙ x[n] · im2col(dy[n])ᵀ when <paramref name="dw"/> is not empty. On a device the two share each
    /// block's im2col of dy (one launch fewer than the two calls). Shapes as in <see cref="ConvTranspose2d"/>.
    /// </summary>
    public static unsafe void ConvTranspose2dBackward(AcceleratorStream stream, ArrayView<float> dy, ArrayView<float> w, ArrayView<float> x,
        ArrayView<float> dx, ArrayView<float> dw, ArrayView<float> scratch, in ConvTranspose2dShape shape)
    {
        if (OnCpu(stream) || dx.IsEmpty || dw.IsEmpty)
        {
            if (!dx.IsEmpty) ConvTranspose2dBackwardData(stream, dy, w, dx, scratch, shape);
            if (!dw.IsEmpty) ConvTranspose2dBackwardWeights(stream, x, dy, dw, scratch, shape);
            return;
        }
        const string op = nameof(ConvTranspose2dBackward);
        var g = ConvValidation.Check(op, shape);
        CheckY(op, nameof(dy), dy, shape);
        CheckW(op, nameof(w), w, shape);
        CheckX(op, nameof(x), x, shape);
        CheckX(op, nameof(dx), dx, shape);
        CheckW(op, nameof(dw), dw, shape);
        int slabs = Slabs(op, stream, scratch, g);
        ConvDevice.LowerWithWeightGrad(stream, g, dy, w, dx, x, dw, scratch, Math.Min(slabs, DeviceBlock(g)));
    }

    /// <summary>db[c] += Σ over n, oh, ow of dy[n, c, oh, ow].</summary>
    public static void ConvTranspose2dBackwardBias(AcceleratorStream stream, ArrayView<float> dy, ArrayView<float> db, in ConvTranspose2dShape shape)
    {
        const string op = nameof(ConvTranspose2dBackwardBias);
        var g = ConvValidation.Check(op, shape);
        CheckY(op, nameof(dy), dy, shape);
        ConvValidation.Exactly(op, nameof(db), db, shape.OutChannels, $"db (Cout={shape.OutChannels})");
        stream.Launch(ConvKernels.ChannelSumKernel, g.C, dy, db, g.N, g.C, g.H * g.W);
    }

    private static void CheckX(string op, string arg, ArrayView<float> v, in ConvTranspose2dShape s) =>
        ConvValidation.AtLeast(op, arg, v, s.InputLength, $"{arg} (N={s.Batch}, Cin={s.InChannels}, {s.Height}×{s.Width})");

    private static void CheckY(string op, string arg, ArrayView<float> v, in ConvTranspose2dShape s) =>
        ConvValidation.AtLeast(op, arg, v, s.OutputLength, $"{arg} (N={s.Batch}, Cout={s.OutChannels}, {s.OutHeight}×{s.OutWidth})");

    private static void CheckW(string op, string arg, ArrayView<float> v, in ConvTranspose2dShape s) =>
        ConvValidation.Exactly(op, arg, v, s.WeightLength, $"{arg} (Cin={s.InChannels}, Cout={s.OutChannels}, {s.KernelHeight}×{s.KernelWidth})");
}
