using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>
/// Additive Gaussian noise y = x + std·N(0, 1) in training mode (from the graph's random stream), y = x in evaluation
/// mode. The gradient passes through unchanged.
/// </summary>
internal sealed class GaussianNoiseOp : Node
{
    private readonly float _std;

    public GaussianNoiseOp(GraphBuilder g, string name, Tensor x, float std) : base(g, "GaussianNoise", name, x)
    {
        if (!(std >= 0f) || !float.IsFinite(std)) throw Error($"std {std} must be finite and not negative");
        _std = std;
        Output(x.Shape);
    }

    protected internal override IEnumerable<Tensor> SavedForBackward => [];

    protected internal override void Forward(ExecutionContext ctx)
    {
        if (ctx.Training) Noise.GaussianNoise(ctx.Stream, ctx.Random, ctx.View(Inputs[0]), ctx.View(Result), _std);
        else Elementwise.Scale(ctx.Stream, 1f, ctx.View(Inputs[0]), ctx.View(Result));
    }

    protected internal override void Backward(ExecutionContext ctx)
    {
        if (ctx.HasGrad(Inputs[0])) Noise.GaussianNoiseBackward(ctx.Stream, ctx.Grad(Result), ctx.Grad(Inputs[0]));
    }
}
