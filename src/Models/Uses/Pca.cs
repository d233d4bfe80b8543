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
        if (count > dim) return new Pca(mean, TopEigenvectors(Scatter(rows, count, dim, mean), k));
        var x = Matrix<double>.Build.Dense(count, dim);
        for (int i = 0; i < count; i++)
            for (int j = 0; j < dim; j++) x[i, j] = rows[i * dim + j] - mean[j];
        var svd = x.Svd(computeVectors: true);
        return new Pca(mean, svd.VT.SubMatrix(0, k, 0, dim));
    }

    // With more rows than dimensions the SVD of the data would build a count × count U (60,000² doubles for
    // Fashion-MNIST); the principal directions are the top eigenvectors of the d × d scatter matrix XᵀX instead.
    private static Matrix<double> Scatter(ReadOnlySpan<float> rows, int count, int dim, double[] mean)
    {
        const int chunk = 1024;
        var scatter = Matrix<double>.Build.Dense(dim, dim);
        var block = Matrix<double>.Build.Dense(chunk, dim);
        for (int start = 0; start < count; start += chunk)
        {
            int n = Math.Min(chunk, count - start);
            if (n < chunk) block = Matrix<double>.Build.Dense(n, dim);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < dim; j++) block[i, j] = rows[(start + i) * dim + j] - mean[j];
            scatter += block.TransposeThisAndMultiply(block);
        }
        return scatter;
    }

    private static Matrix<double> TopEigenvectors(Matrix<double> symmetric, int k) =>
        symmetric.Svd(computeVectors: true).VT.SubMatrix(0, k, 0, symmetric.ColumnCount); // singular values descend

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
