using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>
/// Base of the loss and penalty nodes: a scalar (shape (1)) computed by one host <see cref="Loss"/> op.
/// <para>
/// The forward runs the host op for the value only (empty gradients): evaluation does no gradient work. The
/// backward runs it for the gradient only: an empty <c>loss</c> (so the terms kernel and the reduction are not
/// launched; only a per-row or per-column pass whose intermediates the gradient reads, like cross-entropy's
/// log-sum-exp, still runs), the inputs' own gradient views as destinations, and the node's upstream gradient
/// <c>dy</c> (a 1-element device view: 1 when the node is the graph's loss, a weight or a sum's gradient
/// otherwise) as <c>gradOutput</c>, which the gradient kernels read on the device and multiply in. So a backward
/// is one gradient launch per kernel, with no zeroing fill, no temporaries and no separate scaling launch, and
/// nothing is saved between the passes.
/// </para>
/// <para>
/// A loss with several differentiable inputs (Gaussian KL, contractive) computes all their gradients in one
/// launch; an input that needs none gets a throw-away destination in the node's scratch, which the kernel
/// accumulates into and nobody reads (so it is not zeroed).
/// </para>
/// </summary>
internal abstract class LossNode : Node
{
    private readonly Tensor[] _withGradient;
    private readonly Tensor[] _withoutGradient;
    private readonly ArrayView<float>[] _grads; // reused by every backward: the step allocates nothing

    /// <param name="g">The graph.</param>
    /// <param name="op">The op name.</param>
    /// <param name="name">The node name.</param>
    /// <param name="withGradient">Inputs the host op differentiates, in the order <see cref="Evaluate"/> receives their gradients.</param>
    /// <param name="withoutGradient">Other inputs (targets, labels): they must not need a gradient.</param>
    protected LossNode(GraphBuilder g, string op, string name, Tensor[] withGradient, Tensor[] withoutGradient)
        : base(g, op, name, [.. withGradient, .. withoutGradient])
    {
        (_withGradient, _withoutGradient) = (withGradient, withoutGradient);
        // Only a loss of several inputs can be asked for some gradients and not others; the inputs without one share
        // the throw-away destination, so the largest input bounds it.
        ThrowAwayLength = withGradient.Length > 1 ? withGradient.Max(t => t.Shape.Numel) : 0;
        _grads = new ArrayView<float>[withGradient.Length];
    }

    /// <summary>Declares the scalar result; derived constructors call it after their shape checks.</summary>
    protected void ScalarOutput() => Output(new Shape(1));

    /// <summary>Scratch elements the host op itself needs.</summary>
    protected abstract int OpScratchLength { get; }

    /// <summary>
    /// Runs the host op. The forward passes the loss view and empty <paramref name="grads"/> (value only); the
    /// backward passes an empty <paramref name="loss"/> (gradient only), one gradient view per differentiable input
    /// to accumulate into, and the upstream gradient <paramref name="gradOutput"/> (a 1-element device view) that
    /// multiplies them, or, when that gradient is a constant known at compile time, an empty <paramref name="gradOutput"/>
    /// and the constant as <paramref name="gradScale"/>.
    /// </summary>
    protected abstract void Evaluate(ExecutionContext ctx, ArrayView<float> loss, ReadOnlySpan<ArrayView<float>> grads, ArrayView<float> scratch,
        ArrayView<float> gradOutput, float gradScale);

    /// <summary>Scratch elements for the destination of an input's gradient that nobody needs.</summary>
    private int ThrowAwayLength { get; }

    protected internal override int ScratchLength => OpScratchLength + ThrowAwayLength;

    protected internal override IEnumerable<Tensor> SavedForBackward => Inputs;

    protected internal override bool ReadsConstantGradient => true;

    protected internal override void Forward(ExecutionContext ctx) =>
        Evaluate(ctx, ctx.View(Result), [], ctx.Scratch.SubView(0, OpScratchLength), default, 1f);

    protected internal override void Backward(ExecutionContext ctx)
    {
        foreach (var t in _withoutGradient)
            if (ctx.HasGrad(t))
                throw new GraphException($"{this}: {t} needs a gradient, but the loss gives none for it (targets and labels must be constants: inputs or frozen).");
        var scratch = ctx.Scratch;
        var grads = _grads;
        bool any = false;
        for (int k = 0; k < grads.Length; k++)
        {
            var t = _withGradient[k];
            bool has = ctx.HasGrad(t);
            any |= has;
            grads[k] = has ? ctx.Grad(t) : scratch.SubView(OpScratchLength, t.Shape.Numel);
        }
        if (!any) return;
        if (ctx.ConstantGrad(Result) is { } c) Evaluate(ctx, default, grads, scratch.SubView(0, OpScratchLength), default, c);
        else Evaluate(ctx, default, grads, scratch.SubView(0, OpScratchLength), ctx.Grad(Result), 1f);
    }

    /// <summary>The gradient view for input k, or an empty view when evaluating only.</summary>
    protected static ArrayView<float> At(ReadOnlySpan<ArrayView<float>> grads, int k) => grads.IsEmpty ? default : grads[k];
}
