using MathNet.Numerics.LinearAlgebra;

namespace KernelGen.Models.Uses;

/// <summary>Principal component analysis by SVD of the centred data (MathNet.Numerics, double precision).</summary>
public sealed class Pca
{
    private readonly double[] _mean;
    private readonly Matrix<double> _components; // k × d, rows are principal directions

    private Pca(double[] mean, Matrix<double> components) => (_mean, _components) = (mean, components);

    /// <summary>Number of components kept.</summary>
    public int Components => _components.RowCount;

    /// <summary>Fits <paramref name="k"/> components to <paramref name="count"/> rows of <paramref name="dim"/> values.</summary>
    public static Pca Fit(ReadOnlySpan<float> rows, int count, int dim, int k)
    {
        if (k < 1 || k > Math.Min(count, dim)) throw new ArgumentException($"PCA: {k} components is out of range for {count} rows of {dim} values.", nameof(k));
        var mean = new double[dim];
        for (int i = 0; i < count; i++)
            for (int j = 0; j < dim; j++) mean[j] += rows[i * dim + j];
        for (int j = 0; j < dim; j++) mean[j] /= count;
        var x = Matrix<double>.Build.Dense(count, dim);
        for (int i = 0; i < count; i++)
            for (int j = 0; j < dim; j++) x[i, j] = rows[i * dim + j] - mean[j];
        var svd = x.Svd(computeVectors: true);
        return new Pca(mean, svd.VT.SubMatrix(0, k, 0, dim));
    }

    /// <summary>Coordinates of each row in the component basis (count × k).</summary>
    public float[] Project(ReadOnlySpan<float> rows, int count)
    {
        int d = _mean.Length, k = Components;
        var result = new float[count * k];
        for (int i = 0; i < count; i++)
            for (int c = 0; c < k; c++)
            {
                double s = 0;
                for (int j = 0; j < d; j++) s += (rows[i * d + j] - _mean[j]) * _components[c, j];
                result[i * k + c] = (float)s;
            }
        return result;
    }

    /// <summary>Rows rebuilt from their projections (count × d).</summary>
    public float[] Reconstruct(ReadOnlySpan<float> projections, int count)
    {
        int d = _mean.Length, k = Components;
        var result = new float[count * d];
        for (int i = 0; i < count; i++)
            for (int j = 0; j < d; j++)
            {
                double s = _mean[j];
                for (int c = 0; c < k; c++) s += projections[i * k + c] * _components[c, j];
                result[i * d + j] = (float)s;
            }
        return result;
    }
}
