using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>Binary cross-entropy on logits (numerically stable), via <see cref="Loss.BinaryCrossEntropyWithLogits"/>.</summary>
internal sealed class BinaryCrossEntropyWithLogitsOp(GraphBuilder g, string name, Tensor logits, Tensor target, LossReduction reduction)
    : PairLossNode(g, "BCEWithLogitsLoss", name, logits, target, reduction)
{
    protected override void Evaluate(ExecutionContext ctx, ArrayView<float> loss, ReadOnlySpan<ArrayView<float>> grads, ArrayView<float> scratch,
        ArrayView<float> gradOutput, float gradScale) =>
        Loss.BinaryCrossEntropyWithLogits(ctx.Stream, ctx.View(Inputs[0]), ctx.View(Inputs[1]), loss, At(grads, 0), scratch, Reduction, gradScale: gradScale, gradOutput: gradOutput);
}
