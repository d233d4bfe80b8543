namespace KernelGen.Graph.Ops;

/// <summary>
/// Stand-ins from the shared scratch for host ops that always write two gradients (Concat, Split, BatchNorm) when
/// the graph needs only one: a discard view takes the unwanted result; a zero view stands for an output that got
/// no gradient.
/// </summary>
internal static class GradientSink
{
    /// <summary>Scratch elements [offset, offset + length) to be written and ignored.</summary>
    public static ArrayView<float> Discard(ExecutionContext ctx, int offset, int length) => ctx.Scratch.SubView(offset, length);

    /// <summary>Scratch elements [offset, offset + length), zeroed on the stream.</summary>
    public static ArrayView<float> Zeros(ExecutionContext ctx, int offset, int length)
    {
        var view = ctx.Scratch.SubView(offset, length);
        ((MemoryBuffer<float>)view.Buffer!).Zero(view.Offset, view.Length, ctx.Stream);
        return view;
    }
}
