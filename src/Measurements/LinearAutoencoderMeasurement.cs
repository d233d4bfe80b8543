using System.Diagnostics;
using KernelGen.Graph;
using KernelGen.Models;
using KernelGen.Models.Autoencoders;
using KernelGen.Models.Uses;

namespace KernelGen.Measurements;

/// <summary>
/// The linear autoencoder 784-32-784 (squared error, Adam 1e-3 annealed to 0 by a cosine over the run, batch 128, about
/// 900,000 training images: 15 epochs of Fashion-MNIST) against PCA with 32 components fitted on the same training set: the optimum of a linear autoencoder
/// spans the PCA subspace, so its test reconstruction error must come within 2% of PCA's.
/// </summary>
public sealed class LinearAutoencoderMeasurement : IMeasurement
{
    private const int Components = 32;

    /// <inheritdoc/>
    public string Name => "linear-ae";

    /// <inheritdoc/>
    public string Description => "Linear autoencoder k=32 vs PCA with 32 components: test MSE within 2%";

    /// <inheritdoc/>
    public IEnumerable<MeasurementResult> Run(MeasurementContext ctx)
    {
        foreach (var dataset in ctx.Datasets)
        {
            var clock = Stopwatch.StartNew();
            var data = ctx.Data(dataset);
            var (train, test) = (data.Train, data.Test);
            int pixels = train.PixelsPerImage;

            var pcaClock = Stopwatch.StartNew();
            var pca = Pca.Fit(train.Images, train.Count, pixels, Components);
            var pcaRecon = pca.Reconstruct(pca.Project(test.Images, test.Count), test.Count);
            double pcaMse = AutoencoderRuns.Mse(pcaRecon, test.Images);
            ctx.Log($"linear-ae/{dataset}: PCA({Components}) test MSE {pcaMse:F6} ({pcaClock.Elapsed.TotalSeconds:F1} s)");

            using var ae = new Autoencoder(new AutoencoderOptions
            {
                Hidden = [Components], Activation = HiddenActivation.Linear, Loss = ReconstructionLoss.Mse,
            });
            int epochs = AutoencoderRuns.Epochs(ctx, train, 900_000);
            int steps = epochs * (train.Count / ae.Options.BatchSize);
            var last = AutoencoderRuns.Train(ctx, ae, data, epochs, $"linear-ae/{dataset}",
                m => m.Store.Group("default").UseOptimizer(new Adam(ae.Options.LearningRate) { Schedule = new CosineAnnealing(steps) }));
            double aeMse = last.Test["test_mse"];
            double gap = (aeMse - pcaMse) / pcaMse;
            var metrics = new List<Metric>
            {
                new($"linear AE test MSE per pixel (k = {Components}, {epochs} epochs)", aeMse, $"within 2% of PCA ({pcaMse:F6})",
                    ctx.Quick ? null : gap <= 0.02, $"{gap * 100:+0.00;-0.00}% vs PCA"),
                new($"PCA test MSE per pixel ({Components} components)", pcaMse),
                new("training throughput (images/s)", last.ImagesPerSecond),
            };
            var images = new List<string>
            {
                AutoencoderRuns.SaveRows(ctx, Name, dataset, "reconstructions-original-ae-pca.png", test, 16,
                    AutoencoderRuns.First(test, 16), ae.Reconstruct(test.Images, 16), Clip(pcaRecon[..(16 * pixels)])),
            };
            yield return new MeasurementResult(Name, dataset, metrics, images, clock.Elapsed.TotalSeconds, ctx.Accelerator.Device.Name);
        }
    }

    private static float[] Clip(float[] images)
    {
        var clipped = new float[images.Length];
        for (int i = 0; i < images.Length; i++) clipped[i] = Math.Clamp(images[i], 0f, 1f);
        return clipped;
    }
}
