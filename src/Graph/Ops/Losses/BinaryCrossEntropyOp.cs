using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>Binary cross-entropy on probabilities (PyTorch's clamped logs), via <see cref="Loss.BinaryCrossEntropy"/>.</summary>
internal sealed class BinaryCrossEntropyOp(GraphBuilder g, string name, Tensor probabilities, Tensor target, LossReduction reduction)
    : PairLossNode(g, "BCELoss", name, probabilities, target, reduction)
{
    protected override void Evaluate(ExecutionContext ctx, ArrayView<float> loss, ReadOnlySpan<ArrayView<float>> grads, ArrayView<float> scratch,
        ArrayView<float> gradOutput, float gradScale) =>
        Loss.BinaryCrossEntropy(ctx.Stream, ctx.View(Inputs[0]), ctx.View(Inputs[1]), loss, At(grads, 0), scratch, Reduction, gradScale: gradScale, gradOutput: gradOutput);
}
