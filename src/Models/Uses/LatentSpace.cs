using KernelGen.Models.Data;
using KernelGen.Models.Imaging;

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
        var path = new float[steps * d];
        for (int s = 0; s < steps; s++)
        {
            float t = s / (float)(steps - 1);
            for (int j = 0; j < d; j++) path[s * d + j] = (1 - t) * z[j] + t * z[d + j];
        }
        return model.Decode(path, steps);
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
        float[] xy = model.LatentSize == 2 ? z : Pca.Fit(z, count, model.LatentSize, 2).Project(z, count);
        var x = new float[count];
        var y = new float[count];
        for (int i = 0; i < count; i++) (x[i], y[i]) = (xy[2 * i], xy[2 * i + 1]);
        return SvgPlot.Scatter(x, y, data.Labels.AsSpan(0, count), title, classNames);
    }

    /// <summary>The first test image of class <paramref name="label"/>.</summary>
    public static ReadOnlySpan<float> FirstOfClass(Dataset data, int label)
    {
        int i = Array.IndexOf(data.Labels, label);
        if (i < 0) throw new ArgumentException($"Dataset '{data.Name}' has no image of class {label}.", nameof(label));
        return data.Image(i);
    }
}
