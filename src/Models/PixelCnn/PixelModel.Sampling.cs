using KernelGen.Models.Data;

namespace KernelGen.Models.PixelCnn;

public abstract partial class PixelModel : IProgressiveSampler, IImageCompleter
{
    /// <summary>Row bands of the sampling graphs: a pixel in row r is sampled with a graph of the first band ≥ r + 1 rows.</summary>
    private const int SampleBands = 4;

    /// <summary>
    /// Draws <paramref name="count"/> binary images pixel by pixel in raster order: one forward pass per pixel for a
    /// whole batch of images, then a Bernoulli draw from that pixel's logit with a host SplitMix64 generator (one
    /// stream per image, derived from <paramref name="seed"/> and the image's index, so the result does not depend on
    /// the batch size). Because every logit depends only on earlier pixels, which lie in the same or earlier rows, a
    /// pixel of row r is computed on the image cropped to a band of rows just past r (the convolutions' zero padding
    /// below the crop meets only masked taps), which saves about 40% of the work on 28×28 images.
    /// </summary>
    public float[] Sample(int count, ulong seed) => Sample(count, seed, null, CancellationToken.None);

    /// <inheritdoc cref="IProgressiveSampler.Sample"/>
    public float[] Sample(int count, ulong seed, Action<double>? progress, CancellationToken cancel)
    {
        if (count < 0) throw new ArgumentException($"count = {count} is out of range; it must be 0 or more.", nameof(count));
        var result = new float[HostArrays.Length(count, Pixels, "images")];
        SampleRows(result, count, 0, seed, progress, cancel);
        return result;
    }

    /// <summary>
    /// Completes images of which the first <paramref name="givenRows"/> rows are given: those rows are binarized at
    /// 0.5 and kept, and the rest are sampled pixel by pixel as in <see cref="Sample(int, ulong)"/>.
    /// </summary>
    public float[] Complete(ReadOnlySpan<float> images, int count, int givenRows, ulong seed)
    {
        if (count < 0 || images.Length < (long)count * Pixels)
            throw new ArgumentException($"{count} images of {Pixels} pixels need {(long)count * Pixels} values, got {images.Length}.", nameof(images));
        if (givenRows < 0 || givenRows > Rows) throw new ArgumentException($"givenRows = {givenRows} is out of range; it must be in [0, {Rows}].", nameof(givenRows));
        var result = new float[HostArrays.Length(count, Pixels, "images")];
        for (int i = 0; i < count; i++)
            for (int p = 0; p < givenRows * Cols; p++) result[i * Pixels + p] = images[i * Pixels + p] >= 0.5f ? 1f : 0f;
        SampleRows(result, count, givenRows, seed, null, CancellationToken.None);
        return result;
    }

    private void SampleRows(float[] result, int count, int firstRow, ulong seed, Action<double>? progress, CancellationToken cancel)
    {
        if (!IsBuilt) throw new InvalidOperationException($"Model '{Kind}' is not built yet; call Build first.");
        int batch = Math.Clamp(count, 1, Options.BatchSize);
        int bandRows = (Rows + SampleBands - 1) / SampleBands;
        var input = new float[batch * Pixels];
        var random = new SplitMix64[batch];
        long passes = (long)((count + batch - 1) / batch) * (Rows - firstRow) * Cols, passesDone = 0;
        for (int start = 0; start < count; start += batch)
        {
            int n = Math.Min(batch, count - start);
            var images = result.AsSpan(start * Pixels, n * Pixels);
            for (int i = 0; i < n; i++) random[i] = new SplitMix64(SplitMix64.Derive(seed, start + i));
            for (int r = firstRow; r < Rows; r++)
            {
                int height = Math.Min(Rows, (r / bandRows + 1) * bandRows);
                var (graph, logits) = LogitsGraph(batch, height);
                graph.Training = false;
                int area = height * Cols;
                for (int c = 0; c < Cols; c++)
                {
                    cancel.ThrowIfCancellationRequested();
                    Array.Clear(input);
                    for (int i = 0; i < n; i++)
                        images.Slice(i * Pixels, area).CopyTo(input.AsSpan(i * area, area));
                    graph.SetInput("x", input.AsSpan(0, batch * area));
                    graph.Forward();
                    var values = graph.Read(logits);
                    for (int i = 0; i < n; i++)
                    {
                        double p = 1 / (1 + Math.Exp(-values[i * area + r * Cols + c]));
                        images[i * Pixels + r * Cols + c] = random[i].NextSingle() < p ? 1f : 0f;
                    }
                    progress?.Invoke((double)++passesDone / passes);
                }
            }
        }
    }
}
