namespace KernelGen.Tests.Support;

/// <summary>Comparisons of float results against double-precision references, in the llm.c style.</summary>
public static class Reference
{
    /// <summary>Asserts |got[i] - expected[i]| &lt;= tolerance(i) for all i, naming the first index that fails.</summary>
    public static void AssertClose(ReadOnlySpan<float> got, ReadOnlySpan<double> expected, Func<int, double> tolerance, string what)
    {
        Assert.That(got.Length, Is.EqualTo(expected.Length), $"{what}: length");
        int bad = 0, first = -1;
        double worst = 0;
        for (int i = 0; i < got.Length; i++)
        {
            double error = Math.Abs(got[i] - expected[i]);
            double tol = tolerance(i);
            if (!(error <= tol))
            {
                if (first < 0) first = i;
                bad++;
            }
            worst = Math.Max(worst, error / Math.Max(tol, 1e-300));
        }
        if (bad > 0)
            Assert.Fail($"{what}: {bad} of {got.Length} elements out of tolerance; first at [{first}]: got {got[first]:R}, expected {expected[first]:R}, tolerance {tolerance(first):E2}");
    }

    /// <summary>Uniform random floats in [lo, hi) from a fixed seed.</summary>
    public static float[] Random(int n, int seed, float lo = -1f, float hi = 1f)
    {
        var rng = new Random(seed);
        var values = new float[n];
        for (int i = 0; i < n; i++) values[i] = lo + (hi - lo) * (float)rng.NextDouble();
        return values;
    }
}
