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

    /// <summary>sums[into i] += source[offset i] for i below at.Count: a model's named losses added to their sums in one launch.</summary>
    [Kernel]
    public static void AccumulateScalars(Index1D i, ArrayView<float> source, ScalarOffsets at, ArrayView<float> sums)
    {
        int offset = i == 0 ? at.At0 : i == 1 ? at.At1 : i == 2 ? at.At2 : at.At3;
        int into = i == 0 ? at.Into0 : i == 1 ? at.Into1 : i == 2 ? at.Into2 : at.Into3;
        sums[into] += source[offset];
    }

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
