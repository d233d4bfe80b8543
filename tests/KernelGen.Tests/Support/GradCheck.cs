namespace KernelGen.Tests.Support;

/// <summary>
/// Central finite differences in double. A backward kernel is checked against the derivative of a
/// double-precision reference forward (the same reference its forward kernel is checked against), so the
/// numeric side is accurate to ~1e-9 and the tolerance only has to cover the kernel's float rounding.
/// </summary>
public static class GradCheck
{
    /// <summary>
    /// d/dx_i of L(x) = Σ_k dy_k·f(x)_k for every i, by (L(x + h·e_i) − L(x − h·e_i)) / 2h.
    /// </summary>
    public static double[] Numeric(Func<double[], double[]> f, double[] x, double[] dy, double h = 1e-6)
    {
        var grad = new double[x.Length];
        var probe = (double[])x.Clone();
        for (int i = 0; i < x.Length; i++)
        {
            double saved = probe[i];
            probe[i] = saved + h;
            double plus = Dot(f(probe), dy);
            probe[i] = saved - h;
            double minus = Dot(f(probe), dy);
            probe[i] = saved;
            grad[i] = (plus - minus) / (2 * h);
        }
        return grad;
    }

    /// <summary>Asserts |analytic − numeric| &lt;= atol + rtol·|numeric| elementwise (defaults: float-backward rounding).</summary>
    public static void AssertMatches(ReadOnlySpan<float> analytic, double[] numeric, string what, double rtol = 1e-3, double atol = 1e-4) =>
        Reference.AssertClose(analytic, numeric, i => atol + rtol * Math.Abs(numeric[i]), what + " vs finite differences");

    private static double Dot(double[] a, double[] b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"f returned {a.Length} values but dy has {b.Length}.");
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}
