using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>y = α·x for a constant α (e.g. −1 to turn a score into a loss, or a β weight on a term).</summary>
internal sealed class ScaleOp : Node
{
    private readonly float _alpha;

    public ScaleOp(GraphBuilder g, string name, Tensor x, float alpha) : base(g, "Scale", name, x)
    {
        if (!float.IsFinite(alpha)) throw Error($"factor {alpha} is not finite");
        _alpha = alpha;
        Output(x.Shape);
    }

    internal float Alpha => _alpha;

    protected internal override IEnumerable<Tensor> SavedForBackward => [];

    protected internal override float[] GradientCoefficients => [_alpha];

    protected internal override void Forward(ExecutionContext ctx) => Elementwise.Scale(ctx.Stream, _alpha, ctx.View(Inputs[0]), ctx.View(Result));

    protected internal override void Backward(ExecutionContext ctx)
    {
        if (ctx.HasGrad(Inputs[0])) Elementwise.Axpy(ctx.Stream, _alpha, ctx.Grad(Result), ctx.Grad(Inputs[0]));
    }
}
