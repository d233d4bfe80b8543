using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>
/// y (N, K) = one-hot of int labels (N); no gradient. A label outside [0, K) leaves its row zero and is flagged in the
/// int output <c>{name}.status</c> (reset each forward); <see cref="CompiledGraph.CheckResults"/> (run whenever the host reads a result) reports it.
/// </summary>
internal sealed class OneHotOp : Node
{
    private readonly int _classes;
    private readonly Tensor _status;

    public OneHotOp(GraphBuilder g, string name, Tensor labels, int classes) : base(g, "OneHot", name, labels)
    {
        if (labels.DType != DType.Int32) throw Error($"labels {labels} must be an int input (declare it with IntInput)");
        if (labels.Shape.Rank != 1) throw Error($"labels {labels} must be a vector (N)");
        if (classes <= 0) throw Error($"the number of classes {classes} must be positive");
        _classes = classes;
        Output(new Shape(labels.Shape[0], classes));
        _status = Output(new Shape(1), "status", DType.Int32);
    }

    internal int Classes => _classes;

    protected internal override bool Differentiable => false;

    protected internal override IEnumerable<Tensor> SavedForBackward => [];

    protected internal override void Forward(ExecutionContext ctx)
    {
        LabelStatus.Reset(ctx.Stream, ctx.IntView(_status));
        Shapes.OneHot(ctx.Stream, ctx.IntView(Inputs[0]), ctx.View(Result), ctx.IntView(_status), _classes);
    }

    protected internal override void Backward(ExecutionContext ctx) { }

    protected internal override void CheckResults(ExecutionContext ctx) =>
        LabelStatus.ThrowIfInvalid(ctx.Stream, ctx.IntView(_status), ctx.IntView(Inputs[0]), _classes, ToString());
}
