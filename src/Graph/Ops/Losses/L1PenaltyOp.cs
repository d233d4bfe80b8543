using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>L1 activation penalty λ·Σ|h| (per-sample sum, mean over the batch or sum), via <see cref="Loss.L1Penalty"/>.</summary>
internal sealed class L1PenaltyOp : LossNode
{
    private readonly float _lambda;
    private readonly LossReduction _reduction;

    public L1PenaltyOp(GraphBuilder g, string name, Tensor h, float lambda, LossReduction reduction)
        : base(g, "L1Penalty", name, [h], [])
    {
        if (h.Shape.Rank < 2) throw Error($"activations {h} must be (batch, …)");
        if (!(lambda >= 0) || !float.IsFinite(lambda)) throw Error($"λ must be finite and non-negative, got {lambda}");
        if (!Enum.IsDefined(reduction)) throw Error($"unknown reduction {reduction}");
        (_lambda, _reduction) = (lambda, reduction);
        ScalarOutput();
    }

    protected override int OpScratchLength => Loss.ElementwiseScratchLength(Inputs[0].Shape.Numel);

    protected override void Evaluate(ExecutionContext ctx, ArrayView<float> loss, ReadOnlySpan<ArrayView<float>> grads, ArrayView<float> scratch,
        ArrayView<float> gradOutput, float gradScale) =>
        Loss.L1Penalty(ctx.Stream, ctx.View(Inputs[0]), loss, At(grads, 0), scratch, Inputs[0].Shape[0], _lambda, _reduction, gradScale: gradScale, gradOutput: gradOutput);
}
