using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>
/// Splits x along axis 1 into its first <c>first</c> channels (or features), the result, and the rest, a second
/// output <c>{name}.rest</c>. Either part may go unused; its gradient then counts as zero.
/// </summary>
internal sealed class SplitOp : Node
{
    public SplitOp(GraphBuilder g, string name, Tensor x, int first) : base(g, "Split", name, x)
    {
        if (x.Shape.Rank < 2) throw Error($"input {x} must have at least 2 dimensions (batch, channels or features, …)");
        if (first <= 0 || first >= x.Shape[1])
            throw Error($"split point {first} must leave both parts non-empty (dimension 1 has {x.Shape[1]})");
        var dims = x.Shape.ToArray();
        dims[1] = first;
        Output(new Shape(dims));
        dims[1] = x.Shape[1] - first;
        Rest = Output(new Shape(dims), "rest");
    }

    /// <summary>The second part.</summary>
    public Tensor Rest { get; }

    protected internal override IEnumerable<Tensor> SavedForBackward => [];

    // A zero stand-in for the gradient of a part that got none.
    protected internal override int ScratchLength => Math.Max(Result.Shape.Numel, Rest.Shape.Numel);

    protected internal override void Forward(ExecutionContext ctx) =>
        Shapes.Split(ctx.Stream, ctx.View(Inputs[0]), ctx.View(Result), ctx.View(Rest), Inputs[0].Shape[0]);

    protected internal override void Backward(ExecutionContext ctx)
    {
        if (!ctx.HasGrad(Inputs[0])) return;
        var da = ctx.HasGrad(Result) ? ctx.Grad(Result) : GradientSink.Zeros(ctx, 0, Result.Shape.Numel);
        var db = ctx.HasGrad(Rest) ? ctx.Grad(Rest) : GradientSink.Zeros(ctx, 0, Rest.Shape.Numel);
        Shapes.SplitBackward(ctx.Stream, da, db, ctx.Grad(Inputs[0]), Inputs[0].Shape[0]);
    }
}
