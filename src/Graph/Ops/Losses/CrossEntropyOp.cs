using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>
/// Cross-entropy of logits (N, K) against int labels (N), via <see cref="Loss.CrossEntropy"/>. Labels are
/// checked on the device into an int status output (reset by each forward); a label outside [0, K) makes the
/// loss NaN and <see cref="CheckResults"/> — run when the host reads the loss — throws naming the row and label.
/// </summary>
internal sealed class CrossEntropyOp : LossNode
{
    private readonly int _batch, _classes;
    private readonly LossReduction _reduction;
    private readonly Tensor _status;

    public CrossEntropyOp(GraphBuilder g, string name, Tensor logits, Tensor labels, LossReduction reduction)
        : base(g, "CrossEntropyLoss", name, [logits], [labels])
    {
        if (logits.DType != DType.Float32 || logits.Shape.Rank != 2) throw Error($"logits {logits} must be a float (batch, classes) tensor");
        if (labels.DType != DType.Int32) throw Error($"labels {labels} must be an int tensor (declare them with IntInput)");
        if (labels.Shape.Rank != 1 || labels.Shape[0] != logits.Shape[0])
            throw Error($"labels {labels} must be ({logits.Shape[0]}): one class index per row of the logits");
        if (!Enum.IsDefined(reduction)) throw Error($"unknown reduction {reduction}");
        (_batch, _classes, _reduction) = (logits.Shape[0], logits.Shape[1], reduction);
        ScalarOutput();
        _status = Output(new Shape(1), "label-status", DType.Int32);
    }

    protected override int OpScratchLength => Loss.CrossEntropyScratchLength(_batch);

    protected override void Evaluate(ExecutionContext ctx, ArrayView<float> loss, ReadOnlySpan<ArrayView<float>> grads, ArrayView<float> scratch,
        ArrayView<float> gradOutput, float gradScale)
    {
        var status = ctx.IntView(_status);
        if (grads.IsEmpty) LabelStatus.Reset(ctx.Stream, status);
        Loss.CrossEntropy(ctx.Stream, ctx.View(Inputs[0]), ctx.IntView(Inputs[1]), loss, At(grads, 0), scratch, status, _classes, _reduction, gradScale: gradScale, gradOutput: gradOutput);
    }

    protected internal override void CheckResults(ExecutionContext ctx) =>
        LabelStatus.ThrowIfInvalid(ctx.Stream, ctx.IntView(_status), ctx.IntView(Inputs[1]), _classes, ToString());
}
