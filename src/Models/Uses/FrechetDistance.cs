using MathNet.Numerics.LinearAlgebra;

namespace KernelGen.Models.Uses;

/// <summary>
/// The Fréchet distance between two Gaussians fitted to feature sets (the FID when the features are a classifier's
/// penultimate layer): ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2 (Σ₁^½ Σ₂ Σ₁^½)^½), in double precision (MathNet.Numerics).
/// Both square roots are of symmetric positive semi-definite matrices, taken by eigendecomposition, so the result
/// is real without the imaginary residue a general matrix square root of Σ₁Σ₂ leaves.
/// </summary>
public static class FrechetDistance
{
    /// <summary>The distance and how it was obtained.</summary>
    /// <param name="Distance">The squared Fréchet distance (the FID's convention: no square root taken).</param>
    /// <param name="Regularization">ε added to both diagonals when a covariance was rank-deficient; 0 otherwise.</param>
    /// <param name="Note">Empty, or what the regularization was for (for the report).</param>
    public readonly record struct Result(double Distance, double Regularization, string Note);

    /// <summary>Fits a Gaussian to each of two sets of <paramref name="dim"/>-value rows and returns their distance.</summary>
    public static Result Between(ReadOnlySpan<float> a, int countA, ReadOnlySpan<float> b, int countB, int dim)
    {
        if (dim < 1) throw new ArgumentException($"Fréchet distance: feature size {dim} must be at least 1.", nameof(dim));
        var (meanA, covA) = Moments(a, countA, dim, "first");
        var (meanB, covB) = Moments(b, countB, dim, "second");
        return FromMoments(meanA, covA, meanB, covB);
    }

    /// <summary>The distance between N(μ₁, Σ₁) and N(μ₂, Σ₂); a rank-deficient Σ is regularized by ε·I on both sides.</summary>
    public static Result FromMoments(Vector<double> mean1, Matrix<double> cov1, Vector<double> mean2, Matrix<double> cov2)
    {
        int d = mean1.Count;
        if (mean2.Count != d || cov1.RowCount != d || cov1.ColumnCount != d || cov2.RowCount != d || cov2.ColumnCount != d)
            throw new ArgumentException($"Fréchet distance: means of {d} and {mean2.Count} values and covariances of " +
                                        $"{cov1.RowCount}×{cov1.ColumnCount} and {cov2.RowCount}×{cov2.ColumnCount} do not agree.");
        double epsilon = 0;
        string note = "";
        int rank1 = Rank(cov1), rank2 = Rank(cov2);
        if (rank1 < d || rank2 < d)
        {
            // A small multiple of the identity on both sides (pytorch-fid's remedy when its square root fails), reported.
            epsilon = 1e-6 * Math.Max(1e-12, (cov1.Trace() + cov2.Trace()) / (2 * d));
            var identity = Matrix<double>.Build.DenseIdentity(d) * epsilon;
            cov1 += identity;
            cov2 += identity;
            note = $"covariances of rank {rank1} and {rank2} (of {d}) regularized by {epsilon:g3}·I";
        }
        var root1 = SymmetricSqrt(cov1);
        var inner = root1 * cov2 * root1;
        // Tr(M^½) of the symmetric PSD M is the sum of the roots of its eigenvalues; M is symmetrized against rounding.
        double crossTrace = ((inner + inner.Transpose()) * 0.5).Evd(Symmetricity.Symmetric).EigenValues.Sum(v => Math.Sqrt(Math.Max(0, v.Real)));
        double meanTerm = (mean1 - mean2).DotProduct(mean1 - mean2);
        double distance = meanTerm + cov1.Trace() + cov2.Trace() - 2 * crossTrace;
        return new Result(Math.Max(0, distance), epsilon, note);
    }

    /// <summary>Mean and unbiased covariance (n − 1) of <paramref name="count"/> rows.</summary>
    public static (Vector<double> Mean, Matrix<double> Covariance) Moments(ReadOnlySpan<float> rows, int count, int dim, string which = "")
    {
        string set = which.Length > 0 ? $"the {which} feature set" : "a feature set";
        if (count < 2) throw new ArgumentException($"Fréchet distance: {set} has {count} samples; at least 2 are needed for a covariance.");
        if (rows.Length < (long)count * dim)
            throw new ArgumentException($"Fréchet distance: {set} holds {rows.Length} values, fewer than {count} samples × {dim} features.");
        var x = Matrix<double>.Build.Dense(count, dim);
        for (int i = 0; i < count; i++)
            for (int j = 0; j < dim; j++)
            {
                float v = rows[i * dim + j];
                if (!float.IsFinite(v)) throw new ArgumentException($"Fréchet distance: {set} has a non-finite value ({v}) at sample {i}, feature {j}.");
                x[i, j] = v;
            }
        var mean = x.ColumnSums() / count;
        for (int i = 0; i < count; i++) x.SetRow(i, x.Row(i) - mean);
        return (mean, x.TransposeThisAndMultiply(x) / (count - 1));
    }

    /// <summary>The principal square root of a symmetric positive semi-definite matrix (negative rounding clamped to 0).</summary>
    private static Matrix<double> SymmetricSqrt(Matrix<double> m)
    {
        var evd = m.Evd(Symmetricity.Symmetric);
        var roots = Vector<double>.Build.Dense(m.RowCount, i => Math.Sqrt(Math.Max(0, evd.EigenValues[i].Real)));
        return evd.EigenVectors * Matrix<double>.Build.DenseOfDiagonalVector(roots) * evd.EigenVectors.Transpose();
    }

    /// <summary>Eigenvalues above 1e-10 of the largest, counted.</summary>
    private static int Rank(Matrix<double> m)
    {
        var values = m.Evd(Symmetricity.Symmetric).EigenValues.Select(v => v.Real).ToArray();
        double largest = values.Max(Math.Abs);
        return largest == 0 ? 0 : values.Count(v => v > 1e-10 * largest);
    }
}
