using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>
/// Base of the loss and penalty nodes: a scalar (shape (1)) computed by one host <see cref="Loss"/> op.
/// <para>
/// The host ops take the upstream gradient as a host float (<c>gradScale</c>), but a node's upstream gradient
/// is a 1-element device view (1 when the node is the graph's loss, a weight or a sum's gradient otherwise).
/// So the backward re-runs the host op with <c>gradScale = 1</c>, writing the loss into a scratch scalar and the
/// unit-upstream gradients into zeroed scratch temporaries, then accumulates each temporary scaled by
/// <c>dy[0]</c> on the device (<see cref="Elementwise.AccumulateScaledByScalar"/>). The forward does no
/// gradient work (evaluation stays cheap), nothing is saved between the passes, and the temporaries live in
/// the shared scratch only while the node runs; the price is one extra evaluation of the loss terms.
/// </para>
/// </summary>
internal abstract class LossNode : Node
{
    private readonly Tensor[] _withGradient;
    private readonly Tensor[] _withoutGradient;
    private readonly ArrayView<float>[] _temporaries; // reused by every backward: the step allocates nothing

    /// <param name="g">The graph.</param>
    /// <param name="op">The op name.</param>
    /// <param name="name">The node name.</param>
    /// <param name="withGradient">Inputs the host op differentiates, in the order <see cref="Evaluate"/> receives their gradients.</param>
    /// <param name="withoutGradient">Other inputs (targets, labels): they must not need a gradient.</param>
    protected LossNode(GraphBuilder g, string op, string name, Tensor[] withGradient, Tensor[] withoutGradient)
        : base(g, op, name, [.. withGradient, .. withoutGradient])
    {
        (_withGradient, _withoutGradient) = (withGradient, withoutGradient);
        TemporaryLength = withGradient.Sum(t => t.Shape.Numel);
        _temporaries = new ArrayView<float>[withGradient.Length];
    }

    /// <summary>Declares the scalar result; derived constructors call it after their shape checks.</summary>
    protected void ScalarOutput() => Output(new Shape(1));

    /// <summary>Scratch elements the host op itself needs.</summary>
    protected abstract int OpScratchLength { get; }

    /// <summary>
    /// Runs the host op: the loss into <paramref name="loss"/> and, unless <paramref name="grads"/> is empty, the
    /// gradients for an upstream of 1 accumulated into <paramref name="grads"/> (one per differentiable input).
    /// </summary>
    protected abstract void Evaluate(ExecutionContext ctx, ArrayView<float> loss, ReadOnlySpan<ArrayView<float>> grads, ArrayView<float> scratch);

    private int TemporaryLength { get; }

    protected internal override int ScratchLength => TemporaryLength + 1 + OpScratchLength;

    protected internal override IEnumerable<Tensor> SavedForBackward => Inputs;

    protected internal override void Forward(ExecutionContext ctx) =>
        Evaluate(ctx, ctx.View(Result), [], ctx.Scratch.SubView(0, OpScratchLength));

    protected internal override void Backward(ExecutionContext ctx)
    {
        foreach (var t in _withoutGradient)
            if (ctx.HasGrad(t))
                throw new GraphException($"{this}: {t} needs a gradient, but the loss gives none for it (targets and labels must be constants: inputs or frozen).");
        int total = TemporaryLength;
        var scratch = ctx.Scratch;
        ((MemoryBuffer<float>)scratch.Buffer!).Zero(scratch.Offset, total, ctx.Stream);
        var temps = _temporaries;
        for (int k = 0, at = 0; k < temps.Length; at += _withGradient[k].Shape.Numel, k++)
            temps[k] = scratch.SubView(at, _withGradient[k].Shape.Numel);
        Evaluate(ctx, scratch.SubView(total, 1), temps, scratch.SubView(total + 1, OpScratchLength));
        var dy = ctx.Grad(Result);
        for (int k = 0; k < temps.Length; k++)
            if (ctx.HasGrad(_withGradient[k])) Elementwise.AccumulateScaledByScalar(ctx.Stream, dy, temps[k], ctx.Grad(_withGradient[k]));
    }

    /// <summary>The gradient view for input k, or an empty view when evaluating only.</summary>
    protected static ArrayView<float> At(ReadOnlySpan<ArrayView<float>> grads, int k) => grads.IsEmpty ? default : grads[k];
}
