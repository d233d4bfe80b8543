using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>The VAE's KL(N(μ, e^logvar) ‖ N(0, 1)) summed per sample (mean over the batch or sum), via <see cref="Loss.GaussianKl"/>.</summary>
internal sealed class GaussianKlOp : LossNode
{
    private readonly LossReduction _reduction;

    public GaussianKlOp(GraphBuilder g, string name, Tensor mu, Tensor logvar, LossReduction reduction)
        : base(g, "GaussianKL", name, [mu, logvar], [])
    {
        if (mu.Shape.Rank < 2) throw Error($"μ {mu} must be (batch, latent…)");
        if (mu.Shape != logvar.Shape) throw Error("μ and log-variance must have the same shape");
        if (!Enum.IsDefined(reduction)) throw Error($"unknown reduction {reduction}");
        _reduction = reduction;
        ScalarOutput();
    }

    protected override int OpScratchLength => Loss.ElementwiseScratchLength(Inputs[0].Shape.Numel);

    protected override void Evaluate(ExecutionContext ctx, ArrayView<float> loss, ReadOnlySpan<ArrayView<float>> grads, ArrayView<float> scratch,
        ArrayView<float> gradOutput, float gradScale) =>
        Loss.GaussianKl(ctx.Stream, ctx.View(Inputs[0]), ctx.View(Inputs[1]), loss, At(grads, 0), At(grads, 1), scratch,
            Inputs[0].Shape[0], _reduction, gradScale: gradScale, gradOutput: gradOutput);
}
