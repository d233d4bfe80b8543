using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>Average pooling of NCHW images (square window; PyTorch's count_include_pad and ceil_mode=False).</summary>
internal sealed class AvgPool2dOp : Node
{
    private readonly int _kernel, _stride, _padding;
    private readonly bool _countIncludePad;

    public AvgPool2dOp(GraphBuilder g, string name, Tensor x, int kernel, int stride, int padding, bool countIncludePad)
        : base(g, "AvgPool2d", name, x)
    {
        (_kernel, _stride, _padding, _countIncludePad) = (kernel, stride, padding, countIncludePad);
        var (oh, ow) = PoolShape.Check(x, kernel, stride, padding, Error);
        Output(new Shape(x.Shape[0], x.Shape[1], oh, ow));
    }

    internal (int Kernel, int Stride, int Padding, bool CountIncludePad) Window => (_kernel, _stride, _padding, _countIncludePad);

    protected internal override IEnumerable<Tensor> SavedForBackward => [];

    protected internal override void Forward(ExecutionContext ctx)
    {
        var s = Inputs[0].Shape;
        Pool.AvgPool2D(ctx.Stream, ctx.View(Inputs[0]), ctx.View(Result), s[0], s[1], s[2], s[3], _kernel, _stride, _padding, _countIncludePad);
    }

    protected internal override void Backward(ExecutionContext ctx)
    {
        if (!ctx.HasGrad(Inputs[0])) return;
        var s = Inputs[0].Shape;
        Pool.AvgPool2DBackward(ctx.Stream, ctx.Grad(Result), ctx.Grad(Inputs[0]), s[0], s[1], s[2], s[3], _kernel, _stride, _padding, _countIncludePad);
    }
}
