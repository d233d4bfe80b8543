using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>
/// The same values under another shape (Reshape, Flatten). A copy: aliasing the input's memory would need the memory
/// planner to share one slot between two tensors and their gradients, which it does not do.
/// </summary>
internal sealed class ReshapeOp : Node
{
    public ReshapeOp(GraphBuilder g, string op, string name, Tensor x, Shape shape) : base(g, op, name, x)
    {
        if (shape.Numel != x.Shape.Numel) throw Error($"cannot reshape {x.Shape.Numel} values to {shape} ({shape.Numel} values)");
        Output(shape);
    }

    protected internal override IEnumerable<Tensor> SavedForBackward => [];

    protected internal override void Forward(ExecutionContext ctx) => Elementwise.Scale(ctx.Stream, 1f, ctx.View(Inputs[0]), ctx.View(Result));

    protected internal override void Backward(ExecutionContext ctx)
    {
        if (ctx.HasGrad(Inputs[0])) Elementwise.Axpy(ctx.Stream, 1f, ctx.Grad(Result), ctx.Grad(Inputs[0]));
    }
}
