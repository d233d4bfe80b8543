using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>KL sparsity penalty β·Σ_j KL(ρ ‖ ρ̂_j) on sigmoid activations (N, H), via <see cref="Loss.SparsityPenalty"/>.</summary>
internal sealed class SparsityPenaltyOp : LossNode
{
    private readonly float _rho, _beta;

    public SparsityPenaltyOp(GraphBuilder g, string name, Tensor h, float rho, float beta)
        : base(g, "SparsityPenalty", name, [h], [])
    {
        if (h.Shape.Rank != 2) throw Error($"activations {h} must be (batch, hidden)");
        if (!(rho > 0 && rho < 1)) throw Error($"ρ must lie in (0, 1), got {rho}");
        if (!(beta >= 0) || !float.IsFinite(beta)) throw Error($"β must be finite and non-negative, got {beta}");
        (_rho, _beta) = (rho, beta);
        ScalarOutput();
    }

    protected override int OpScratchLength => Loss.SparsityScratchLength(Inputs[0].Shape[1]);

    protected override void Evaluate(ExecutionContext ctx, ArrayView<float> loss, ReadOnlySpan<ArrayView<float>> grads, ArrayView<float> scratch,
        ArrayView<float> gradOutput, float gradScale) =>
        Loss.SparsityPenalty(ctx.Stream, ctx.View(Inputs[0]), loss, At(grads, 0), scratch, Inputs[0].Shape[0], _rho, _beta, gradScale: gradScale, gradOutput: gradOutput);
}
