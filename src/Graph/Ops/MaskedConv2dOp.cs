using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>
/// PixelCNN masked convolution (mask A or B, stride 1): <see cref="Conv.MaskedConv2d"/> masks the stored weights in
/// place before each forward, and the weight gradient has its masked taps zeroed, so those taps stay zero.
/// </summary>
internal sealed class MaskedConv2dOp : Conv2dOp
{
    private readonly PixelCnnMask _mask;

    public MaskedConv2dOp(GraphBuilder g, string name, Tensor x, Tensor w, Tensor? b, int padding, PixelCnnMask mask, int? paddingWidth = null)
        : base(g, name, x, w, b, stride: 1, padding, dilation: 1, op: "MaskedConv2d", paddingWidth) => _mask = mask;

    internal PixelCnnMask Mask => _mask;

    protected override void RunForward(ExecutionContext ctx, ArrayView<float> x, ArrayView<float> w, ArrayView<float> b, ArrayView<float> y,
        GemmActivation activation) =>
        Conv.MaskedConv2d(ctx.Stream, x, w, b, y, ctx.Scratch, Geometry, _mask, activation);

    protected override void WeightGradient(ExecutionContext ctx, ArrayView<float> x, ArrayView<float> dy, ArrayView<float> dw) =>
        Conv.MaskedConv2dBackwardWeights(ctx.Stream, x, dy, dw, ctx.Scratch, Geometry, _mask);
}
