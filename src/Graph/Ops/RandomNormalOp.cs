namespace KernelGen.Graph.Ops;

/// <summary>A tensor of N(mean, std²) numbers drawn from the graph's random stream at every forward (e.g. a GAN's noise).</summary>
internal sealed class RandomNormalOp : Node
{
    private readonly float _mean, _std;

    public RandomNormalOp(GraphBuilder g, string name, Shape shape, float mean, float std) : base(g, "RandomNormal", name)
    {
        if (!(std >= 0) || !float.IsFinite(mean)) throw Error($"mean {mean} and std {std} must be finite, std not negative");
        (_mean, _std) = (mean, std);
        Output(shape);
    }

    protected internal override bool Differentiable => false;

    protected internal override IEnumerable<Tensor> SavedForBackward => [];

    protected internal override void Forward(ExecutionContext ctx) => ctx.Random.Normal(ctx.Stream, ctx.View(Result), _mean, _std);

    protected internal override void Backward(ExecutionContext ctx) { }
}
