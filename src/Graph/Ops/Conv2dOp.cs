using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>
/// y = conv2d(x, w) + b over NCHW images (PyTorch's Conv2d): x (N, C, H, W), w (K, C, KH, KW), b (K), y (N, K, OH, OW).
/// Runs <see cref="Conv.Conv2d"/> and its three backward ops; the column matrices live in the shared scratch.
/// </summary>
internal class Conv2dOp : Node
{
    private readonly Tensor _x, _w;
    private readonly Tensor? _b;

    public Conv2dOp(GraphBuilder g, string name, Tensor x, Tensor w, Tensor? b, int stride, int padding, int dilation, string op = "Conv2d",
        int? paddingWidth = null)
        : base(g, op, name, b is null ? [x, w] : [x, w, b])
    {
        (_x, _w, _b) = (x, w, b);
        if (x.Shape.Rank != 4) throw Error($"input {x} must be an NCHW image batch (N, C, H, W)");
        if (w.Shape.Rank != 4) throw Error($"weight {w} must be (out channels, in channels, KH, KW)");
        if (w.Shape[1] != x.Shape[1]) throw Error($"input has {x.Shape[1]} channels but weight {w} expects {w.Shape[1]}");
        if (b is not null && b.Shape.Numel != w.Shape[0]) throw Error($"bias {b} should have {w.Shape[0]} elements");
        if (stride <= 0 || padding < 0 || paddingWidth < 0 || dilation <= 0)
            throw Error($"stride {stride} and dilation {dilation} must be positive and padding {padding}{(paddingWidth is { } pw ? $"×{pw}" : "")} not negative");
        Geometry = new Conv2dShape(x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], w.Shape[0], w.Shape[2], w.Shape[3])
            .WithStride(stride).WithPadding(padding).WithDilation(dilation) with { PadW = paddingWidth ?? padding };
        if (Geometry.OutHeight <= 0 || Geometry.OutWidth <= 0)
            throw Error($"a {w.Shape[2]}×{w.Shape[3]} kernel (stride {stride}, padding {padding}, dilation {dilation}) leaves no output pixels of the {x.Shape[2]}×{x.Shape[3]} input");
        Output(new Shape(x.Shape[0], w.Shape[0], Geometry.OutHeight, Geometry.OutWidth));
    }

    /// <summary>The convolution's geometry.</summary>
    protected internal Conv2dShape Geometry { get; }

    protected internal override IEnumerable<Tensor> SavedForBackward => [_x, _w];

    protected internal override int ScratchLength => Conv.Conv2dScratchLength(Geometry);

    protected internal override int ScratchLengthOn(Backend backend) => Conv.Conv2dScratchLength(Geometry, backend);

    protected internal override bool CanApplyActivation => true;

    protected internal override long ForwardMultiplyAdds =>
        (long)Geometry.Batch * Geometry.OutChannels * Geometry.OutHeight * Geometry.OutWidth * Geometry.InChannels * Geometry.KernelHeight * Geometry.KernelWidth;

    protected internal override long BackwardMultiplyAdds(Func<Tensor, bool> hasGrad) =>
        ((hasGrad(_x) ? 1 : 0) + (hasGrad(_w) ? 1 : 0)) * ForwardMultiplyAdds;

    protected internal override void Forward(ExecutionContext ctx)
    {
        // A following ReLU or LeakyReLU that the compiler fused is applied with the bias (the GEMM's epilogue on devices).
        var fused = ctx.FusedActivation(this);
        RunForward(ctx, ctx.View(_x), ctx.View(_w), _b is null ? default : ctx.View(_b), ctx.View(fused.Output ?? Result), fused.Activation);
    }

    /// <summary>The forward convolution (the masked variant masks the weights first).</summary>
    protected virtual void RunForward(ExecutionContext ctx, ArrayView<float> x, ArrayView<float> w, ArrayView<float> b, ArrayView<float> y,
        GemmActivation activation) =>
        Conv.Conv2d(ctx.Stream, x, w, b, y, ctx.Scratch, Geometry, activation);

    /// <summary>dw += the weight gradient (the masked variant zeroes the masked taps).</summary>
    protected virtual void WeightGradient(ExecutionContext ctx, ArrayView<float> x, ArrayView<float> dy, ArrayView<float> dw) =>
        Conv.Conv2dBackwardWeights(ctx.Stream, x, dy, dw, ctx.Scratch, Geometry);

    protected internal override void Backward(ExecutionContext ctx)
    {
        var dy = ctx.Grad(Result);
        if (ctx.HasGrad(_x)) Conv.Conv2dBackwardData(ctx.Stream, dy, ctx.View(_w), ctx.Grad(_x), ctx.Scratch, Geometry);
        if (ctx.HasGrad(_w)) WeightGradient(ctx, ctx.View(_x), dy, ctx.Grad(_w));
        if (_b is not null && ctx.HasGrad(_b)) Conv.Conv2dBackwardBias(ctx.Stream, dy, ctx.Grad(_b), Geometry);
    }
}
