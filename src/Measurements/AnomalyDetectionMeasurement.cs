using System.Diagnostics;
using KernelGen.Models;
using KernelGen.Models.Autoencoders;
using KernelGen.Models.Data;
using KernelGen.Models.Imaging;
using KernelGen.Models.Uses;

namespace KernelGen.Measurements;

/// <summary>
/// Anomaly detection by reconstruction error in the Deep SVDD protocol: for each class, an autoencoder 784-128-32
/// (sigmoid, cross-entropy, Adam 3e-3, batch 32, about 24,000 training images) trains on that class's training images
/// alone; every test image is scored by its reconstruction error, the other nine classes being the anomalies. Reports
/// the AUROC per class and their mean (target on MNIST: at least 0.85), and the most normal and most anomalous test
/// images per class.
/// </summary>
public sealed class AnomalyDetectionMeasurement : IMeasurement
{
    /// <inheritdoc/>
    public string Name => "anomaly-ae";

    /// <inheritdoc/>
    public string Description => "One-class anomaly detection by autoencoder reconstruction error: AUROC per class (mean ≥ 0.85 on MNIST)";

    /// <inheritdoc/>
    public IEnumerable<MeasurementResult> Run(MeasurementContext ctx)
    {
        foreach (var dataset in ctx.Datasets)
        {
            var clock = Stopwatch.StartNew();
            var data = ctx.Data(dataset);
            var results = AnomalyDetection.OneClass(data, (c, normal) => Train(ctx, normal, AnomalyDetection.OfClass(data.Test, c), $"anomaly-ae/{dataset} class {c}"),
                r => ctx.Log($"anomaly-ae/{dataset} class {r.NormalClass}: AUROC {r.Auroc:F4} ({r.TrainImages} training images, {r.Seconds:F1} s)"));
            double mean = results.Average(r => r.Auroc);
            var metrics = new List<Metric>
            {
                dataset == "mnist"
                    ? new("mean AUROC over the 10 classes", mean, "at least 0.85", ctx.Quick ? null : mean >= 0.85)
                    : new("mean AUROC over the 10 classes", mean),
            };
            metrics.AddRange(results.Select(r => new Metric($"AUROC, class {r.NormalClass} normal", r.Auroc)));
            var images = new List<string> { SaveExtremes(ctx, data.Test, dataset, results) };
            yield return new MeasurementResult(Name, dataset, metrics, images, clock.Elapsed.TotalSeconds, ctx.Accelerator.Device.Name);
        }
    }

    private static Autoencoder Train(MeasurementContext ctx, Dataset normal, Dataset normalTest, string tag)
    {
        var ae = new Autoencoder(new AutoencoderOptions { Hidden = [128, 32], BatchSize = Math.Min(32, normal.Count), LearningRate = 3e-3f });
        try
        {
            int epochs = AutoencoderRuns.Epochs(ctx, normal, 24_000);
            AutoencoderRuns.Train(ctx, ae, new DataSplits(normal, normalTest), epochs, tag);
            return ae;
        }
        catch
        {
            ae.Dispose();
            throw;
        }
    }

    // One grid row per normal class: the 8 test images it scores most normal, then the 8 it scores most anomalous.
    private string SaveExtremes(MeasurementContext ctx, Dataset test, string dataset, IReadOnlyList<OneClassResult> results)
    {
        const int each = 8;
        int pixels = test.PixelsPerImage;
        var sheet = new float[results.Count * 2 * each * pixels];
        for (int r = 0; r < results.Count; r++)
        {
            var order = Enumerable.Range(0, test.Count).OrderBy(i => results[r].Scores[i]).ToArray();
            var picks = order.Take(each).Concat(order.Skip(order.Length - each).Reverse()).ToArray();
            for (int k = 0; k < picks.Length; k++) test.Image(picks[k]).CopyTo(sheet.AsSpan((r * 2 * each + k) * pixels));
        }
        var (full, relative) = ctx.OutputFile(Name, dataset, "most-normal-and-most-anomalous-per-class.png");
        ImageGrid.SavePng(full, sheet, test.Rows, test.Cols, columns: 2 * each);
        return relative;
    }
}
