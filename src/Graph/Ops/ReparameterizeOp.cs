using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>z = μ + e^(logvar/2)·ε with ε ~ N(0, 1) drawn from the graph's random stream each step (kept for backward).</summary>
internal sealed class ReparameterizeOp : Node
{
    private readonly Tensor _eps;

    public ReparameterizeOp(GraphBuilder g, string name, Tensor mu, Tensor logvar) : base(g, "Reparameterize", name, mu, logvar)
    {
        if (mu.Shape != logvar.Shape) throw Error("μ and log-variance must have the same shape");
        Output(mu.Shape);
        _eps = Output(mu.Shape, "eps");
    }

    protected internal override IEnumerable<Tensor> SavedForBackward => [Inputs[1], _eps];

    protected internal override void Forward(ExecutionContext ctx)
    {
        var eps = ctx.View(_eps);
        ctx.Random.Normal(ctx.Stream, eps);
        ctx.Stream.Launch(ElementwiseKernels.ReparameterizeKernel, eps.Length, ctx.View(Inputs[0]), ctx.View(Inputs[1]), eps, ctx.View(Result));
    }

    protected internal override void Backward(ExecutionContext ctx)
    {
        var (mu, logvar) = (Inputs[0], Inputs[1]);
        if (!ctx.HasGrad(mu) || !ctx.HasGrad(logvar))
            throw new GraphException($"{this}: μ and log-variance must both be trainable or both frozen.");
        ctx.Stream.Launch(ElementwiseKernels.ReparameterizeBackwardKernel, Result.Shape.Numel, ctx.View(logvar), ctx.View(_eps),
            ctx.Grad(Result), ctx.Grad(mu), ctx.Grad(logvar));
    }
}
