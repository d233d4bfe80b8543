using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>
/// y = conv_transpose2d(x, w) + b (PyTorch's ConvTranspose2d): x (N, Cin, H, W), w (Cin, Cout, KH, KW), b (Cout),
/// y (N, Cout, OH, OW) with OH = (H − 1)·stride − 2·padding + dilation·(KH − 1) + output_padding + 1.
/// </summary>
internal sealed class ConvTranspose2dOp : Node
{
    private readonly Tensor _x, _w;
    private readonly Tensor? _b;
    private readonly ConvTranspose2dShape _shape;

    public ConvTranspose2dOp(GraphBuilder g, string name, Tensor x, Tensor w, Tensor? b, int stride, int padding, int outputPadding, int dilation)
        : base(g, "ConvTranspose2d", name, b is null ? [x, w] : [x, w, b])
    {
        (_x, _w, _b) = (x, w, b);
        if (x.Shape.Rank != 4) throw Error($"input {x} must be an NCHW image batch (N, C, H, W)");
        if (w.Shape.Rank != 4) throw Error($"weight {w} must be (in channels, out channels, KH, KW)");
        if (w.Shape[0] != x.Shape[1]) throw Error($"input has {x.Shape[1]} channels but weight {w} expects {w.Shape[0]}");
        if (b is not null && b.Shape.Numel != w.Shape[1]) throw Error($"bias {b} should have {w.Shape[1]} elements");
        if (stride <= 0 || padding < 0 || dilation <= 0)
            throw Error($"stride {stride} and dilation {dilation} must be positive and padding {padding} not negative");
        if (outputPadding < 0 || (outputPadding >= stride && outputPadding >= dilation))
            throw Error($"output padding {outputPadding} must be smaller than the stride {stride} or the dilation {dilation}");
        _shape = new ConvTranspose2dShape(x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], w.Shape[1], w.Shape[2], w.Shape[3])
            .WithStride(stride).WithPadding(padding).WithOutputPadding(outputPadding).WithDilation(dilation);
        if (_shape.OutHeight <= 0 || _shape.OutWidth <= 0)
            throw Error($"padding {padding} removes every output pixel ({_shape.OutHeight}×{_shape.OutWidth})");
        Output(new Shape(x.Shape[0], w.Shape[1], _shape.OutHeight, _shape.OutWidth));
    }

    internal ConvTranspose2dShape Geometry => _shape;

    protected internal override IEnumerable<Tensor> SavedForBackward => [_x, _w];

    protected internal override int ScratchLength => Conv.ConvTranspose2dScratchLength(_shape);

    protected internal override int ScratchLengthOn(Backend backend) => Conv.ConvTranspose2dScratchLength(_shape, backend);

    protected internal override void Forward(ExecutionContext ctx) =>
        Conv.ConvTranspose2d(ctx.Stream, ctx.View(_x), ctx.View(_w), _b is null ? default : ctx.View(_b), ctx.View(Result), ctx.Scratch, _shape);

    protected internal override long ForwardMultiplyAdds =>
        (long)_shape.Batch * _shape.InChannels * _shape.Height * _shape.Width * _shape.OutChannels * _shape.KernelHeight * _shape.KernelWidth;

    protected internal override long BackwardMultiplyAdds(Func<Tensor, bool> hasGrad) =>
        ((hasGrad(_x) ? 1 : 0) + (hasGrad(_w) ? 1 : 0)) * ForwardMultiplyAdds;

    protected internal override void Backward(ExecutionContext ctx)
    {
        var dy = ctx.Grad(Result);
        Conv.ConvTranspose2dBackward(ctx.Stream, dy, ctx.View(_w), ctx.View(_x), ctx.HasGrad(_x) ? ctx.Grad(_x) : default,
            ctx.HasGrad(_w) ? ctx.Grad(_w) : default, ctx.Scratch, _shape);
        if (_b is not null && ctx.HasGrad(_b)) Conv.ConvTranspose2dBackwardBias(ctx.Stream, dy, ctx.Grad(_b), _shape);
    }
}
