using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>y = [a | b] along axis 1 (channels of images, features of vectors); the other axes must agree.</summary>
internal sealed class ConcatOp : Node
{
    private readonly Tensor _a, _b;

    public ConcatOp(GraphBuilder g, string name, Tensor a, Tensor b) : base(g, "Concat", name, a, b)
    {
        (_a, _b) = (a, b);
        if (a.Shape.Rank < 2 || a.Shape.Rank != b.Shape.Rank)
            throw Error("inputs must have the same rank, at least 2 (batch, channels or features, …)");
        for (int d = 0; d < a.Shape.Rank; d++)
            if (d != 1 && a.Shape[d] != b.Shape[d])
                throw Error($"inputs differ in dimension {d} ({a.Shape[d]} vs {b.Shape[d]}); only dimension 1 may differ");
        var dims = a.Shape.ToArray();
        dims[1] += b.Shape[1];
        Output(new Shape(dims));
    }

    protected internal override IEnumerable<Tensor> SavedForBackward => [];

    // A discard target for the input that wants no gradient.
    protected internal override int ScratchLength => Math.Max(_a.Shape.Numel, _b.Shape.Numel);

    protected internal override void Forward(ExecutionContext ctx) =>
        Shapes.Concat(ctx.Stream, ctx.View(_a), ctx.View(_b), ctx.View(Result), _a.Shape[0]);

    protected internal override void Backward(ExecutionContext ctx)
    {
        var da = ctx.HasGrad(_a) ? ctx.Grad(_a) : GradientSink.Discard(ctx, 0, _a.Shape.Numel);
        var db = ctx.HasGrad(_b) ? ctx.Grad(_b) : GradientSink.Discard(ctx, 0, _b.Shape.Numel);
        Shapes.ConcatBackward(ctx.Stream, ctx.Grad(Result), da, db, _a.Shape[0]);
    }
}
