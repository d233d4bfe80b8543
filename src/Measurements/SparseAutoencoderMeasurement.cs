using System.Diagnostics;
using KernelGen.Models;
using KernelGen.Models.Autoencoders;
using KernelGen.Models.Data;
using KernelGen.Models.Imaging;

namespace KernelGen.Measurements;

/// <summary>
/// The sparse autoencoder 784-196 (sigmoid, squared error, KL toward ρ = 0.05 with β = 10, Adam 3e-3, batch 128, about
/// 240,000 training images): the mean activation of the code on the test set must lie within 20% of ρ. Also writes
/// reconstructions and the learned features (each unit's encoder weights).
/// </summary>
public sealed class SparseAutoencoderMeasurement : IMeasurement
{
    /// <inheritdoc/>
    public string Name => "sparse-ae";

    /// <inheritdoc/>
    public string Description => "Sparse autoencoder (KL, ρ = 0.05): test mean activation within 20% of ρ, features";

    /// <inheritdoc/>
    public IEnumerable<MeasurementResult> Run(MeasurementContext ctx)
    {
        foreach (var dataset in ctx.Datasets)
        {
            var clock = Stopwatch.StartNew();
            var data = ctx.Data(dataset);
            var options = new SparseAutoencoderOptions { Beta = 10, LearningRate = 3e-3f };
            using var ae = new SparseAutoencoder(options);
            int epochs = AutoencoderRuns.Epochs(ctx, data.Train, 240_000);
            var last = AutoencoderRuns.Train(ctx, ae, data, epochs, $"sparse-ae/{dataset}");
            double mean = ae.MeanActivation(data.Test);
            double gap = (mean - options.Rho) / options.Rho;
            var metrics = new List<Metric>
            {
                new($"mean code activation on the test set ({epochs} epochs)", mean, $"within 20% of ρ = {options.Rho}",
                    ctx.Quick ? null : Math.Abs(gap) <= 0.2, $"{gap * 100:+0.0;-0.0}% vs ρ"),
                new("test MSE per pixel", last.Test["test_mse"]),
                new("test KL sparsity penalty (β·Σ KL, per batch)", last.Test["test_sparsity"]),
            };
            var gallery = ModelGallery.Write(ctx, Name, dataset, "sparse-ae", ae, data);
            yield return new MeasurementResult(Name, dataset, metrics, [SaveFeatures(ctx, ae, data.Test, dataset)], clock.Elapsed.TotalSeconds,
                ctx.Accelerator.Device.Name, Gallery: gallery);
        }
    }

    // Each code unit's encoder weights as an image, scaled to [0, 1] per unit: the strokes the units detect.
    private string SaveFeatures(MeasurementContext ctx, SparseAutoencoder ae, Dataset like, string dataset)
    {
        var weights = ae.Store.Read("enc0.weight");
        int units = ae.LatentSize, pixels = like.PixelsPerImage, shown = Math.Min(units, 100);
        var features = new float[shown * pixels];
        for (int u = 0; u < shown; u++)
        {
            var w = weights.AsSpan(u * pixels, pixels);
            float lo = float.MaxValue, hi = float.MinValue;
            foreach (var v in w) (lo, hi) = (Math.Min(lo, v), Math.Max(hi, v));
            for (int j = 0; j < pixels; j++) features[u * pixels + j] = hi > lo ? (w[j] - lo) / (hi - lo) : 0.5f;
        }
        var (full, relative) = ctx.OutputFile(Name, dataset, "features.png");
        ImageGrid.SavePng(full, features, like.Rows, like.Cols, columns: 10);
        return relative;
    }
}
