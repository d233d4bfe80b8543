using KernelGen.Models.Data;
using KernelGen.Models.Imaging;
using MathNet.Numerics.LinearAlgebra;

namespace KernelGen.Models.Uses;

/// <summary>What people do with a latent space: interpolation strips, arithmetic on class means, scatter plots.</summary>
public static class LatentSpace
{
    /// <summary>
    /// Images decoded along the straight line between the latents of <paramref name="from"/> and <paramref name="to"/>
    /// (both ends included): steps × rows·cols.
    /// </summary>
    public static float[] Interpolate(ILatentModel model, ReadOnlySpan<float> from, ReadOnlySpan<float> to, int steps)
    {
        if (steps < 2) throw new ArgumentException($"An interpolation needs at least 2 steps, got {steps}.", nameof(steps));
        int d = model.LatentSize;
        var ends = new float[2 * from.Length];
        from.CopyTo(ends);
        to.CopyTo(ends.AsSpan(from.Length));
        var z = model.Encode(ends, 2);
        return model.Decode(Path(z.AsSpan(0, d), z.AsSpan(d), steps), steps);
    }

    /// <summary>
    /// <paramref name="steps"/> latent vectors from <paramref name="from"/> to <paramref name="to"/> (both ends
    /// included): along the straight line, or, when <paramref name="spherical"/>, along the great circle with the norm
    /// interpolated too (slerp), which keeps points between two draws of N(0, I) as typical as the ends (the middle of
    /// a straight line between two such draws has a norm about 0.7 times theirs).
    /// </summary>
    public static float[] Path(ReadOnlySpan<float> from, ReadOnlySpan<float> to, int steps, bool spherical = false)
    {
        if (steps < 2) throw new ArgumentException($"A path needs at least 2 steps, got {steps}.", nameof(steps));
        if (from.Length != to.Length) throw new ArgumentException($"The ends of a path differ in length ({from.Length} and {to.Length}).", nameof(to));
        int d = from.Length;
        double na = Norm(from), nb = Norm(to), dot = 0;
        for (int j = 0; j < d; j++) dot += (double)from[j] * to[j];
        double omega = na > 0 && nb > 0 ? Math.Acos(Math.Clamp(dot / (na * nb), -1, 1)) : 0;
        bool slerp = spherical && omega > 1e-6 && Math.PI - omega > 1e-6;
        var path = new float[steps * d];
        for (int s = 0; s < steps; s++)
        {
            double t = s / (double)(steps - 1);
            // slerp of the directions, scaled by the interpolated norm
            double a = slerp ? Math.Sin((1 - t) * omega) / Math.Sin(omega) / na * ((1 - t) * na + t * nb) : 1 - t;
            double b = slerp ? Math.Sin(t * omega) / Math.Sin(omega) / nb * ((1 - t) * na + t * nb) : t;
            for (int j = 0; j < d; j++) path[s * d + j] = (float)(a * from[j] + b * to[j]);
        }
        return path;
    }

    /// <summary>
    /// A <paramref name="side"/> × <paramref name="side"/> grid of latent vectors on the plane through three:
    /// z(u, v) = z0 + u·(z1 − z0) + v·(z2 − z0) for u, v in [0, 1], row by row (v down, u across).
    /// </summary>
    public static float[] Plane(ReadOnlySpan<float> z0, ReadOnlySpan<float> z1, ReadOnlySpan<float> z2, int side)
    {
        if (side < 2) throw new ArgumentException($"A latent plane needs a side of at least 2, got {side}.", nameof(side));
        int d = z0.Length;
        var grid = new float[side * side * d];
        for (int r = 0; r < side; r++)
            for (int c = 0; c < side; c++)
            {
                float u = c / (float)(side - 1), v = r / (float)(side - 1);
                for (int j = 0; j < d; j++) grid[(r * side + c) * d + j] = z0[j] + u * (z1[j] - z0[j]) + v * (z2[j] - z0[j]);
            }
        return grid;
    }

    /// <summary>
    /// Samples from a model without a prior: draws <paramref name="count"/> latents from a Gaussian fitted (mean and
    /// full covariance) to the latents of the first <paramref name="fitCount"/> images of <paramref name="data"/>, and
    /// decodes them. The usual way to sample a plain autoencoder, and a picture of how far its latent space is from one
    /// Gaussian.
    /// </summary>
    public static float[] SampleFittedGaussian(ILatentModel model, Dataset data, int count, ulong seed, int fitCount = 2000)
    {
        fitCount = Math.Min(fitCount, data.Count);
        int d = model.LatentSize;
        if (fitCount < 2) throw new ArgumentException($"Fitting a Gaussian to latents needs at least 2 images; dataset '{data.Name}' has {data.Count}.", nameof(data));
        var z = model.Encode(data.Images.AsSpan(0, fitCount * data.PixelsPerImage), fitCount);
        var codes = Matrix<double>.Build.Dense(fitCount, d, (i, j) => z[i * d + j]);
        var mean = codes.ColumnSums() / fitCount;
        var centred = codes - Matrix<double>.Build.Dense(fitCount, d, (_, j) => mean[j]);
        var covariance = centred.TransposeThisAndMultiply(centred) / (fitCount - 1);
        // A small ridge keeps the Cholesky factor defined when some units never vary (e.g. dead ReLUs).
        var factor = (covariance + Matrix<double>.Build.DenseIdentity(d) * (1e-6 * Math.Max(covariance.Diagonal().Maximum(), 1e-12))).Cholesky().Factor;
        var noise = HostNoise.Normal(count * d, seed);
        var latents = new float[count * d];
        var e = Vector<double>.Build.Dense(d);
        for (int i = 0; i < count; i++)
        {
            for (int j = 0; j < d; j++) e[j] = noise[i * d + j];
            var sample = mean + factor * e;
            for (int j = 0; j < d; j++) latents[i * d + j] = (float)sample[j];
        }
        return model.Decode(latents, count);
    }

    private static double Norm(ReadOnlySpan<float> v)
    {
        double sum = 0;
        foreach (var x in v) sum += (double)x * x;
        return Math.Sqrt(sum);
    }

    /// <summary>The mean latent vector of the images of each class (classes × LatentSize).</summary>
    public static float[] ClassMeans(ILatentModel model, Dataset data, int perClass = 200)
    {
        int d = model.LatentSize;
        var means = new float[data.Classes * d];
        for (int c = 0; c < data.Classes; c++)
        {
            var indices = Enumerable.Range(0, data.Count).Where(i => data.Labels[i] == c).Take(perClass).ToArray();
            if (indices.Length == 0) continue;
            var images = new float[indices.Length * data.PixelsPerImage];
            for (int k = 0; k < indices.Length; k++) data.Image(indices[k]).CopyTo(images.AsSpan(k * data.PixelsPerImage));
            var z = model.Encode(images, indices.Length);
            for (int k = 0; k < indices.Length; k++)
                for (int j = 0; j < d; j++) means[c * d + j] += z[k * d + j] / indices.Length;
        }
        return means;
    }

    /// <summary>
    /// Latent arithmetic: decodes z(image) − mean(<paramref name="minus"/>) + mean(<paramref name="plus"/>) for each
    /// image, e.g. turning a digit's style onto another class.
    /// </summary>
    public static float[] Arithmetic(ILatentModel model, ReadOnlySpan<float> images, int count, ReadOnlySpan<float> classMeans, int minus, int plus)
    {
        int d = model.LatentSize;
        var z = model.Encode(images, count);
        for (int i = 0; i < count; i++)
            for (int j = 0; j < d; j++) z[i * d + j] += classMeans[plus * d + j] - classMeans[minus * d + j];
        return model.Decode(z, count);
    }

    /// <summary>An SVG scatter of the test images' latents (projected on their first two principal components when the latent has more than two dimensions), coloured by label (legend text from <paramref name="classNames"/> when given).</summary>
    public static string Scatter(ILatentModel model, Dataset data, int count, string title, IReadOnlyList<string>? classNames = null)
    {
        count = Math.Min(count, data.Count);
        var z = model.Encode(data.Images.AsSpan(0, count * data.PixelsPerImage), count);
        return Scatter(z, model.LatentSize, data.Labels.AsSpan(0, count), title, classNames);
    }

    /// <summary>An SVG scatter of latents (count × <paramref name="dims"/>, one per label; projected on their first two principal components when <paramref name="dims"/> is more than 2), coloured by label, with axes z₁, z₂ or PC 1, PC 2.</summary>
    public static string Scatter(float[] z, int dims, ReadOnlySpan<int> labels, string title, IReadOnlyList<string>? classNames = null)
    {
        int count = labels.Length;
        float[] xy = dims == 2 ? z : Pca.Fit(z, count, dims, 2).Project(z, count);
        var x = new float[count];
        var y = new float[count];
        for (int i = 0; i < count; i++) (x[i], y[i]) = (xy[2 * i], xy[2 * i + 1]);
        var (xLabel, yLabel) = dims == 2 ? ("z₁", "z₂") : ("PC 1", "PC 2");
        return SvgPlot.Scatter(x, y, labels, title, classNames, xLabel, yLabel);
    }

    /// <summary>The first test image of class <paramref name="label"/>.</summary>
    public static ReadOnlySpan<float> FirstOfClass(Dataset data, int label)
    {
        int i = Array.IndexOf(data.Labels, label);
        if (i < 0) throw new ArgumentException($"Dataset '{data.Name}' has no image of class {label}.", nameof(label));
        return data.Image(i);
    }
}
