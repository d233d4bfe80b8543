namespace KernelGen.Kernels;

/// <summary>Host-side entry points for <see cref="ElementwiseKernels"/>, with length checks.</summary>
public static class Elementwise
{
    /// <summary>y = a + b.</summary>
    public static void Add(AcceleratorStream s, ArrayView<float> a, ArrayView<float> b, ArrayView<float> y)
    {
        Same("Add", ("a", a), ("b", b), ("y", y));
        s.Launch(ElementwiseKernels.AddKernel, y.Length, a, b, y);
    }

    /// <summary>y += alpha·x.</summary>
    public static void Axpy(AcceleratorStream s, float alpha, ArrayView<float> x, ArrayView<float> y)
    {
        Same("Axpy", ("x", x), ("y", y));
        s.Launch(ElementwiseKernels.AxpyKernel, y.Length, alpha, x, y);
    }

    /// <summary>
    /// sums[into i] += source[offset i] for each of the <see cref="ScalarOffsets.Count"/> offsets, in one launch (the targets
    /// must differ: the scalars are added in parallel).
    /// </summary>
    public static void AccumulateScalars(AcceleratorStream s, ArrayView<float> source, ScalarOffsets at, ArrayView<float> sums)
    {
        if (at.Count is < 1 or > ScalarOffsets.Capacity)
            throw new ArgumentException($"AccumulateScalars: {at.Count} scalars; one launch gathers 1 to {ScalarOffsets.Capacity}.", nameof(at));
        for (int i = 0; i < at.Count; i++)
        {
            if ((uint)at[i] >= (uint)source.Length)
                throw new ArgumentException($"AccumulateScalars: offset {at[i]} of scalar {i} is outside '{source.Buffer?.Name}' ({source.Length} elements).", nameof(at));
            if ((uint)at.Into(i) >= (uint)sums.Length)
                throw new ArgumentException($"AccumulateScalars: target {at.Into(i)} of scalar {i} is outside sums '{sums.Buffer?.Name}' ({sums.Length} elements).", nameof(at));
            for (int j = 0; j < i; j++)
                if (at.Into(j) == at.Into(i))
                    throw new ArgumentException($"AccumulateScalars: scalars {j} and {i} both target sum {at.Into(i)}.", nameof(at));
        }
        s.Launch(ElementwiseKernels.AccumulateScalarsKernel, at.Count, source, KernelArg.FromStruct(at), sums);
    }

    /// <summary>y = alpha·x.</summary>
    public static void Scale(AcceleratorStream s, float alpha, ArrayView<float> x, ArrayView<float> y)
    {
        Same("Scale", ("x", x), ("y", y));
        s.Launch(ElementwiseKernels.ScaleKernel, y.Length, alpha, x, y);
    }

    /// <summary>Exchanges the contents of a and b (same length, not overlapping).</summary>
    public static void Swap(AcceleratorStream s, ArrayView<float> a, ArrayView<float> b)
    {
        Same("Swap", ("a", a), ("b", b));
        s.Launch(ElementwiseKernels.SwapKernel, a.Length, a, b);
    }

    /// <summary>y[r, :] += bias for every row of a (rows × bias.Length) matrix.</summary>
    public static void AddRowBias(AcceleratorStream s, ArrayView<float> y, ArrayView<float> bias, int rows)
    {
        if ((long)rows * bias.Length != y.Length)
            throw new ArgumentException($"AddRowBias: y has {y.Length} elements, not {rows} rows × {bias.Length} columns of bias.", nameof(y));
        s.Launch(ElementwiseKernels.AddRowBiasKernel, new Index2D(bias.Length, rows), y, bias, bias.Length);
    }

    /// <summary>db += column sums of dy (rows × db.Length).</summary>
    public static void ColumnSumAccumulate(AcceleratorStream s, ArrayView<float> dy, ArrayView<float> db, int rows)
    {
        if ((long)rows * db.Length != dy.Length)
            throw new ArgumentException($"ColumnSum: dy has {dy.Length} elements, not {rows} rows × {db.Length} columns.", nameof(dy));
        s.Launch(ElementwiseKernels.ColumnSumAccumulateKernel, db.Length, dy, db, rows, db.Length);
    }

    /// <summary>
    /// dx += dy[0]·g, with dy a 1-element view read on the device (no host round trip): how a scalar-valued node
    /// (a loss) applies its upstream gradient to a gradient it computed for an upstream of 1.
    /// </summary>
    public static void AccumulateScaledByScalar(AcceleratorStream s, ArrayView<float> dy, ArrayView<float> g, ArrayView<float> dx)
    {
        OpChecks.Scalar("AccumulateScaledByScalar", nameof(dy), dy);
        Same("AccumulateScaledByScalar", ("g", g), ("dx", dx));
        s.Launch(ElementwiseKernels.AccumulateScaledByScalarKernel, dx.Length, dy, g, dx);
    }

    /// <summary>Checks that all views have the same length, naming the op and the views otherwise.</summary>
    public static void Same(string op, params ReadOnlySpan<(string Name, ArrayView<float> View)> views)
    {
        foreach (var (name, view) in views)
            if (view.Length != views[0].View.Length)
                throw new ArgumentException($"{op}: '{name}' has {view.Length} elements but '{views[0].Name}' has {views[0].View.Length}.", name);
    }
}
