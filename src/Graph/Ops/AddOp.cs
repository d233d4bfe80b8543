using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>y = a + b (same shapes); the gradient flows to both.</summary>
internal sealed class AddOp : Node
{
    public AddOp(GraphBuilder g, string name, Tensor a, Tensor b) : base(g, "Add", name, a, b)
    {
        if (a.Shape != b.Shape) throw Error("shapes differ");
        Output(a.Shape);
    }

    protected internal override IEnumerable<Tensor> SavedForBackward => [];

    protected internal override void Forward(ExecutionContext ctx) =>
        Elementwise.Add(ctx.Stream, ctx.View(Inputs[0]), ctx.View(Inputs[1]), ctx.View(Result));

    protected internal override void Backward(ExecutionContext ctx)
    {
        foreach (var input in Inputs)
            if (ctx.HasGrad(input)) Elementwise.Axpy(ctx.Stream, 1f, ctx.Grad(Result), ctx.Grad(input));
    }
}
