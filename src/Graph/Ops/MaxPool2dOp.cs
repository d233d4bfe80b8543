using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>
/// Max pooling of NCHW images (square window, PyTorch's ceil_mode=False). The index of each maximum is kept as an
/// int output <c>{name}.argmax</c>; the backward routes the gradient to it.
/// </summary>
internal sealed class MaxPool2dOp : Node
{
    private readonly int _kernel, _stride, _padding;
    private readonly Tensor _argmax;

    public MaxPool2dOp(GraphBuilder g, string name, Tensor x, int kernel, int stride, int padding) : base(g, "MaxPool2d", name, x)
    {
        (_kernel, _stride, _padding) = (kernel, stride, padding);
        var (oh, ow) = PoolShape.Check(x, kernel, stride, padding, Error);
        Output(new Shape(x.Shape[0], x.Shape[1], oh, ow));
        _argmax = Output(Result.Shape, "argmax", DType.Int32);
    }

    internal (int Kernel, int Stride, int Padding) Window => (_kernel, _stride, _padding);

    protected internal override IEnumerable<Tensor> SavedForBackward => [_argmax];

    protected internal override void Forward(ExecutionContext ctx)
    {
        var s = Inputs[0].Shape;
        Pool.MaxPool2D(ctx.Stream, ctx.View(Inputs[0]), ctx.View(Result), ctx.IntView(_argmax), s[0], s[1], s[2], s[3], _kernel, _stride, _padding);
    }

    protected internal override void Backward(ExecutionContext ctx)
    {
        if (!ctx.HasGrad(Inputs[0])) return;
        var s = Inputs[0].Shape;
        Pool.MaxPool2DBackward(ctx.Stream, ctx.Grad(Result), ctx.IntView(_argmax), ctx.Grad(Inputs[0]), s[0], s[1], s[2], s[3], _kernel, _stride, _padding);
    }
}
