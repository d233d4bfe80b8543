using KernelGen.Models.Uses;
using MathNet.Numerics.LinearAlgebra;

namespace KernelGen.Tests.Models;

/// <summary>
/// The Fréchet distance against closed forms: Gaussians whose covariances commute (‖Δμ‖² + Σ(√a − √b)²), the trace
/// term of non-commuting ones through the eigenvalues of Σ₁Σ₂ (an independent route), and feature sets whose sample
/// moments are exactly the known ones; rank-deficient sets regularized and reported; bad input named.
/// </summary>
public sealed class FrechetDistanceTests
{
    private static Matrix<double> Random(int rows, int cols, int seed)
    {
        var rng = new Random(seed);
        return Matrix<double>.Build.Dense(rows, cols, (_, _) => rng.NextDouble() * 2 - 1);
    }

    private static Matrix<double> SpdFrom(Matrix<double> basis, double[] eigenvalues) =>
        basis * Matrix<double>.Build.DenseOfDiagonalArray(eigenvalues) * basis.Transpose();

    [Test]
    public void CommutingCovariancesMatchTheClosedForm()
    {
        int d = 6;
        var q = Random(d, d, 1).QR().Q;
        double[] a = [0.5, 1, 2, 3, 4, 9], b = [1, 1, 0.25, 5, 2, 1];
        var mean1 = Vector<double>.Build.Dense(d, i => i * 0.5);
        var mean2 = Vector<double>.Build.Dense(d, i => 1 - i * 0.25);
        double expected = (mean1 - mean2).DotProduct(mean1 - mean2) + a.Zip(b).Sum(p => Math.Pow(Math.Sqrt(p.First) - Math.Sqrt(p.Second), 2));
        var result = FrechetDistance.FromMoments(mean1, SpdFrom(q, a), mean2, SpdFrom(q, b));
        Assert.That(result.Distance, Is.EqualTo(expected).Within(1e-9 * expected));
        Assert.That(result.Regularization, Is.Zero);
    }

    [Test]
    public void NonCommutingCovariancesMatchTheEigenvaluesOfTheirProduct()
    {
        int d = 5;
        var x = Random(d, d, 2);
        var y = Random(d, d, 3);
        var cov1 = x * x.Transpose() + Matrix<double>.Build.DenseIdentity(d) * 0.1;
        var cov2 = y * y.Transpose() + Matrix<double>.Build.DenseIdentity(d) * 0.2;
        // Tr((Σ₁Σ₂)^½) = Σ √λ over the eigenvalues of the (non-symmetric) product, which are real and non-negative.
        double cross = (cov1 * cov2).Evd().EigenValues.Sum(v => Math.Sqrt(Math.Max(0, v.Real)));
        var zero = Vector<double>.Build.Dense(d);
        double expected = cov1.Trace() + cov2.Trace() - 2 * cross;
        var result = FrechetDistance.FromMoments(zero, cov1, zero, cov2);
        Assert.That(result.Distance, Is.EqualTo(expected).Within(1e-9 * expected));
    }

    [Test]
    public void FeatureSetsWithKnownMomentsGiveTheGaussiansDistance()
    {
        int d = 4, n = 3000;
        var cov1 = SpdFrom(Random(d, d, 4).QR().Q, [1, 2, 0.5, 3]);
        var cov2 = SpdFrom(Random(d, d, 5).QR().Q, [2, 0.3, 1, 1]);
        var mean1 = Vector<double>.Build.DenseOfArray([1, 0, -1, 2]);
        var mean2 = Vector<double>.Build.DenseOfArray([0, 0.5, -1, 1]);
        float[] a = WithMoments(mean1, cov1, n, 6), b = WithMoments(mean2, cov2, n, 7);
        double expected = FrechetDistance.FromMoments(mean1, cov1, mean2, cov2).Distance;
        var measured = FrechetDistance.Between(a, n, b, n, d);
        Assert.That(measured.Distance, Is.EqualTo(expected).Within(1e-3 * expected));
        Assert.That(FrechetDistance.Between(a, n, a, n, d).Distance, Is.EqualTo(0).Within(1e-9));
    }

    /// <summary>n rows whose sample mean and (n − 1) covariance are exactly μ and Σ: whitened normals, then μ + L z.</summary>
    private static float[] WithMoments(Vector<double> mean, Matrix<double> cov, int n, int seed)
    {
        int d = mean.Count;
        var rng = new Random(seed);
        var z = Matrix<double>.Build.Dense(n, d, (_, _) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        var zMean = z.ColumnSums() / n;
        for (int i = 0; i < n; i++) z.SetRow(i, z.Row(i) - zMean);
        var whiten = (z.TransposeThisAndMultiply(z) / (n - 1)).Cholesky().Factor.Inverse();
        var x = z * whiten.Transpose() * cov.Cholesky().Factor.Transpose();
        var rows = new float[n * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) rows[i * d + j] = (float)(x[i, j] + mean[j]);
        return rows;
    }

    [Test]
    public void RankDeficientSetsAreRegularizedAndSaySo()
    {
        // A constant third feature: both covariances have rank 2 of 3.
        var rng = new Random(8);
        float[] Set(float offset) => Enumerable.Range(0, 200 * 3).Select(i => i % 3 == 2 ? 1f : (float)rng.NextDouble() + offset).ToArray();
        var result = FrechetDistance.Between(Set(0), 200, Set(0.5f), 200, 3);
        Assert.That(double.IsFinite(result.Distance), Is.True);
        Assert.That(result.Regularization, Is.GreaterThan(0));
        Assert.That(result.Note, Does.Contain("rank 2 and 2 (of 3)"));
        Assert.That(result.Distance, Is.EqualTo(0.5).Within(0.1), "the means differ by 0.5 in two features: ‖Δμ‖² ≈ 0.5");
    }

    [Test]
    public void BadInputIsNamed()
    {
        float[] one = [1f, 2f], many = [1f, 2f, 3f, 4f, 5f, 6f];
        Assert.That(() => FrechetDistance.Between(one, 1, many, 3, 2),
            Throws.ArgumentException.With.Message.EqualTo("Fréchet distance: the first feature set has 1 samples; at least 2 are needed for a covariance."));
        Assert.That(() => FrechetDistance.Between(many, 3, [1f, float.NaN, 3f, 4f], 2, 2),
            Throws.ArgumentException.With.Message.Contains("the second feature set has a non-finite value (NaN) at sample 0, feature 1"));
        Assert.That(() => FrechetDistance.Between(many, 4, many, 3, 2),
            Throws.ArgumentException.With.Message.Contains("holds 6 values, fewer than 4 samples × 2 features"));
        Assert.That(() => FrechetDistance.FromMoments(Vector<double>.Build.Dense(2), Matrix<double>.Build.DenseIdentity(2),
                Vector<double>.Build.Dense(3), Matrix<double>.Build.DenseIdentity(3)),
            Throws.ArgumentException.With.Message.Contains("do not agree"));
    }
}
