using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>
/// The same values under another shape (Reshape, Flatten). The compiler binds the output to the input's memory, so the
/// forward launches nothing; it copies only where the two views differ (an int input). When the reshape is its input's
/// only reader, the input's gradient shares the output's slot too and the backward launches nothing; otherwise the
/// output's gradient is accumulated into the input's.
/// </summary>
internal sealed class ReshapeOp : Node
{
    public ReshapeOp(GraphBuilder g, string op, string name, Tensor x, Shape shape) : base(g, op, name, x)
    {
        if (shape.Numel != x.Shape.Numel) throw Error($"cannot reshape {x.Shape.Numel} values to {shape} ({shape.Numel} values)");
        Output(shape);
    }

    protected internal override IEnumerable<Tensor> SavedForBackward => [];

    protected internal override void Forward(ExecutionContext ctx)
    {
        var (x, y) = (ctx.View(Inputs[0]), ctx.View(Result));
        if (x.Buffer != y.Buffer || x.Offset != y.Offset) Elementwise.Scale(ctx.Stream, 1f, x, y);
    }

    protected internal override void Backward(ExecutionContext ctx)
    {
        if (!ctx.HasGrad(Inputs[0])) return;
        var (dy, dx) = (ctx.Grad(Result), ctx.Grad(Inputs[0]));
        if (dx.Buffer != dy.Buffer || dx.Offset != dy.Offset) Elementwise.Axpy(ctx.Stream, 1f, dy, dx);
    }
}
