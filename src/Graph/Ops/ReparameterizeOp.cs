using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>
/// z = μ + e^(logvar/2)·ε with ε ~ N(0, 1) drawn from the graph's random stream each step (kept for backward),
/// or ε read from a given input tensor (no gradient flows to it).
/// </summary>
internal sealed class ReparameterizeOp : Node
{
    private readonly Tensor _eps;
    private readonly bool _drawn;

    public ReparameterizeOp(GraphBuilder g, string name, Tensor mu, Tensor logvar, Tensor? eps)
        : base(g, "Reparameterize", name, eps is null ? [mu, logvar] : [mu, logvar, eps])
    {
        if (mu.Shape != logvar.Shape) throw Error("μ and log-variance must have the same shape");
        if (eps is not null)
        {
            if (eps.Kind != TensorKind.Input || eps.DType != DType.Float32)
                throw Error($"ε {eps} must be a float graph input (it gets no gradient)");
            if (eps.Shape != mu.Shape) throw Error($"ε {eps} must have μ's shape {mu.Shape}");
        }
        Output(mu.Shape);
        _drawn = eps is null;
        _eps = eps ?? Output(mu.Shape, "eps");
    }

    protected internal override IEnumerable<Tensor> SavedForBackward => [Inputs[1], _eps];

    protected internal override void Forward(ExecutionContext ctx)
    {
        var eps = ctx.View(_eps);
        if (_drawn) ctx.Random.Reparameterize(ctx.Stream, ctx.View(Inputs[0]), ctx.View(Inputs[1]), eps, ctx.View(Result));
        else ctx.Stream.Launch(ElementwiseKernels.ReparameterizeKernel, eps.Length, ctx.View(Inputs[0]), ctx.View(Inputs[1]), eps, ctx.View(Result));
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
