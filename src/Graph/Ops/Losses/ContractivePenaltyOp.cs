using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>
/// Contractive penalty λ·‖∂h/∂x‖_F² of a sigmoid encoder h = σ(x·Wᵀ + b), W (H, D), via
/// <see cref="Loss.ContractivePenalty"/>. Its gradient w.r.t. h flows back through the encoder's sigmoid and
/// Linear like any other; the direct term w.r.t. W is added to W's gradient.
/// </summary>
internal sealed class ContractivePenaltyOp : LossNode
{
    private readonly float _lambda;
    private readonly LossReduction _reduction;

    public ContractivePenaltyOp(GraphBuilder g, string name, Tensor h, Tensor w, float lambda, LossReduction reduction)
        : base(g, "ContractivePenalty", name, [h, w], [])
    {
        if (h.Shape.Rank != 2) throw Error($"activations {h} must be (batch, hidden)");
        if (w.Shape.Rank != 2 || w.Shape[0] != h.Shape[1])
            throw Error($"encoder weight {w} must be (hidden = {h.Shape[1]}, inputs), as Linear declares it");
        if (!(lambda >= 0) || !float.IsFinite(lambda)) throw Error($"λ must be finite and non-negative, got {lambda}");
        if (!Enum.IsDefined(reduction)) throw Error($"unknown reduction {reduction}");
        (_lambda, _reduction) = (lambda, reduction);
        ScalarOutput();
    }

    protected override int OpScratchLength => Loss.ContractiveScratchLength(Inputs[0].Shape[1]);

    protected override void Evaluate(ExecutionContext ctx, ArrayView<float> loss, ReadOnlySpan<ArrayView<float>> grads, ArrayView<float> scratch,
        ArrayView<float> gradOutput, float gradScale) =>
        Loss.ContractivePenalty(ctx.Stream, ctx.View(Inputs[0]), ctx.View(Inputs[1]), loss, At(grads, 0), At(grads, 1), scratch,
            Inputs[0].Shape[0], _lambda, _reduction, gradScale: gradScale, gradOutput: gradOutput);
}
