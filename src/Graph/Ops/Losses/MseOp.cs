using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>Mean-squared error Σ(x − t)² (mean over elements or sum), via <see cref="Loss.Mse"/>.</summary>
internal sealed class MseOp(GraphBuilder g, string name, Tensor input, Tensor target, LossReduction reduction)
    : PairLossNode(g, "MSELoss", name, input, target, reduction)
{
    protected override void Evaluate(ExecutionContext ctx, ArrayView<float> loss, ReadOnlySpan<ArrayView<float>> grads, ArrayView<float> scratch,
        ArrayView<float> gradOutput, float gradScale) =>
        Loss.Mse(ctx.Stream, ctx.View(Inputs[0]), ctx.View(Inputs[1]), loss, At(grads, 0), scratch, Reduction, gradScale: gradScale, gradOutput: gradOutput);
}
