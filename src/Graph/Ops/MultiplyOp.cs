using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>y = a·b element-wise (same shapes).</summary>
internal sealed class MultiplyOp : Node
{
    public MultiplyOp(GraphBuilder g, string name, Tensor a, Tensor b) : base(g, "Multiply", name, a, b)
    {
        if (a.Shape != b.Shape) throw Error("shapes differ");
        Output(a.Shape);
    }

    protected internal override IEnumerable<Tensor> SavedForBackward => Inputs;

    protected internal override void Forward(ExecutionContext ctx) =>
        ctx.Stream.Launch(ElementwiseKernels.MultiplyKernel, Result.Shape.Numel, ctx.View(Inputs[0]), ctx.View(Inputs[1]), ctx.View(Result));

    protected internal override void Backward(ExecutionContext ctx)
    {
        var (a, b) = (Inputs[0], Inputs[1]);
        bool wantA = ctx.HasGrad(a), wantB = ctx.HasGrad(b);
        var da = wantA ? ctx.Grad(a) : ctx.Grad(b);
        var db = wantB ? ctx.Grad(b) : da;
        ctx.Stream.Launch(ElementwiseKernels.MultiplyBackwardKernel, Result.Shape.Numel, ctx.View(a), ctx.View(b), ctx.Grad(Result),
            da, db, wantA ? 1 : 0, wantB ? 1 : 0);
    }
}
