namespace KernelGen.Kernels;

/// <summary>Basic element-wise arithmetic the graph composes: sums, scaled accumulation, row bias and its gradient.</summary>
public static partial class ElementwiseKernels
{
    /// <summary>y = a + b.</summary>
    [Kernel]
    public static void Add(Index1D i, ArrayView<float> a, ArrayView<float> b, ArrayView<float> y) => y[i] = a[i] + b[i];

    /// <summary>y += alpha·x.</summary>
    [Kernel]
    public static void Axpy(Index1D i, float alpha, ArrayView<float> x, ArrayView<float> y) => y[i] += alpha * x[i];

    /// <summary>y = alpha·x.</summary>
    [Kernel]
    public static void Scale(Index1D i, float alpha, ArrayView<float> x, ArrayView<float> y) => y[i] = alpha * x[i];

    /// <summary>Exchanges a[i] and b[i].</summary>
    [Kernel]
    public static void Swap(Index1D i, ArrayView<float> a, ArrayView<float> b)
    {
        float t = a[i];
        a[i] = b[i];
        b[i] = t;
    }

    /// <summary>y = a·b (element-wise).</summary>
    [Kernel]
    public static void Multiply(Index1D i, ArrayView<float> a, ArrayView<float> b, ArrayView<float> y) => y[i] = a[i] * b[i];

    /// <summary>da += dy·b; db += dy·a (backward of <see cref="Multiply"/>; either gradient may be skipped with flags).</summary>
    [Kernel]
    public static void MultiplyBackward(Index1D i, ArrayView<float> a, ArrayView<float> b, ArrayView<float> dy,
        ArrayView<float> da, ArrayView<float> db, int wantA, int wantB)
    {
        if (wantA != 0) da[i] += dy[i] * b[i];
        if (wantB != 0) db[i] += dy[i] * a[i];
    }

    /// <summary>y[r, c] += bias[c] for a (rows × cols) matrix.</summary>
    [Kernel]
    public static void AddRowBias(Index2D p, ArrayView<float> y, ArrayView<float> bias, int cols) => y[p.Y * cols + p.X] += bias[p.X];

    /// <summary>db[c] += Σ_r dy[r, c] (bias gradient of a row-bias add).</summary>
    [Kernel]
    public static void ColumnSumAccumulate(Index1D c, ArrayView<float> dy, ArrayView<float> db, int rows, int cols)
    {
        float sum = 0f;
        for (int r = 0; r < rows; r++) sum += dy[r * cols + c];
        db[c] += sum;
    }

    /// <summary>
    /// The VAE reparameterization z = μ + e^(logvar/2)·ε, with ε standard normal, given as a view
    /// (drawn beforehand from a <see cref="PhiloxStream"/>).
    /// </summary>
    [Kernel]
    public static void Reparameterize(Index1D i, ArrayView<float> mu, ArrayView<float> logvar, ArrayView<float> eps, ArrayView<float> z) =>
        z[i] = mu[i] + MathF.Exp(0.5f * logvar[i]) * eps[i];

    /// <summary>dμ += dz; dlogvar += dz·ε·e^(logvar/2)/2.</summary>
    [Kernel]
    public static void ReparameterizeBackward(Index1D i, ArrayView<float> logvar, ArrayView<float> eps, ArrayView<float> dz,
        ArrayView<float> dmu, ArrayView<float> dlogvar)
    {
        dmu[i] += dz[i];
        dlogvar[i] += dz[i] * eps[i] * 0.5f * MathF.Exp(0.5f * logvar[i]);
    }

    /// <summary>dx[i] += scale·dy[0] (backward of a reduction to one value).</summary>
    [Kernel]
    public static void BroadcastAccumulate(Index1D i, ArrayView<float> dy, ArrayView<float> dx, float scale) => dx[i] += scale * dy[0];

    /// <summary>dx[i] += dy[0]·g[i]: a gradient computed for a unit upstream, scaled by a scalar's upstream gradient read on the device.</summary>
    [Kernel]
    public static void AccumulateScaledByScalar(Index1D i, ArrayView<float> dy, ArrayView<float> g, ArrayView<float> dx) => dx[i] += dy[0] * g[i];

    /// <summary>flag[0] = 1 if any x is NaN or ±∞ (every writer writes the same value, so the race is benign).</summary>
    [Kernel]
    public static void FlagNonFinite(Index1D i, ArrayView<float> x, ArrayView<int> flag, int slot)
    {
        float v = x[i];
        if (!(v - v == 0f)) flag[slot] = 1;
    }
}

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
