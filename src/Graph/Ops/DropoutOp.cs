using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>
/// Dropout: in training mode each element is zeroed with probability p and the rest scaled by 1/(1 − p), drawing
/// from the graph's random stream; in evaluation mode y = x. The mask (output <c>{name}.mask</c>) drives the backward.
/// </summary>
internal sealed class DropoutOp : Node
{
    private readonly float _p;
    private readonly Tensor _mask;

    public DropoutOp(GraphBuilder g, string name, Tensor x, float p) : base(g, "Dropout", name, x)
    {
        if (!(p >= 0f && p < 1f)) throw Error($"probability {p} must lie in [0, 1)");
        _p = p;
        Output(x.Shape);
        _mask = Output(x.Shape, "mask");
    }

    protected internal override IEnumerable<Tensor> SavedForBackward => [_mask];

    protected internal override void Forward(ExecutionContext ctx) =>
        Noise.Dropout(ctx.Stream, ctx.Random, ctx.View(Inputs[0]), ctx.View(Result), ctx.View(_mask), _p, ctx.Training);

    protected internal override void Backward(ExecutionContext ctx)
    {
        if (ctx.HasGrad(Inputs[0])) Noise.MaskBackward(ctx.Stream, ctx.Grad(Result), ctx.View(_mask), ctx.Grad(Inputs[0]));
    }
}
