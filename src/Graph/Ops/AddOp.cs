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

    protected internal override float[] GradientCoefficients => [1f, 1f];

    protected internal override void Forward(ExecutionContext ctx) =>
        Elementwise.Add(ctx.Stream, ctx.View(Inputs[0]), ctx.View(Inputs[1]), ctx.View(Result));

    protected internal override void Backward(ExecutionContext ctx)
    {
        for (int k = 0; k < Inputs.Count; k++) // not foreach: an interface enumerator would allocate at every step
            if (ctx.HasGrad(Inputs[k])) Elementwise.Axpy(ctx.Stream, 1f, ctx.Grad(Result), ctx.Grad(Inputs[k]));
    }
}
