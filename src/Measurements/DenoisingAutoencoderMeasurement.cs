using System.Diagnostics;
using KernelGen.Models;
using KernelGen.Models.Autoencoders;

namespace KernelGen.Measurements;

/// <summary>
/// A denoising autoencoder (30% masking noise in training) against a plain autoencoder of the same size (784-256
/// sigmoid, cross-entropy, Adam 1e-3, batch 128, the same seed and about 240,000 training images): both reconstruct
/// test images that got 30% masking noise, and the denoising one must come closer to the clean images.
/// </summary>
public sealed class DenoisingAutoencoderMeasurement : IMeasurement
{
    private const float Fraction = 0.3f;

    /// <inheritdoc/>
    public string Name => "denoising-ae";

    /// <inheritdoc/>
    public string Description => "Denoising vs plain autoencoder on test images with 30% masking noise: MSE to the clean images";

    /// <inheritdoc/>
    public IEnumerable<MeasurementResult> Run(MeasurementContext ctx)
    {
        foreach (var dataset in ctx.Datasets)
        {
            var clock = Stopwatch.StartNew();
            var data = ctx.Data(dataset);
            var test = data.Test;
            int epochs = AutoencoderRuns.Epochs(ctx, data.Train, 240_000);
            var noisy = HostNoise.Mask(test.Images, Fraction, seed: 11);

            using var plain = new Autoencoder(new AutoencoderOptions { Hidden = [256] });
            var plainReport = AutoencoderRuns.Train(ctx, plain, data, epochs, $"denoising-ae/{dataset} plain");
            var plainRecon = plain.Reconstruct(noisy, test.Count);
            double plainNoisy = AutoencoderRuns.Mse(plainRecon, test.Images);

            using var dae = new DenoisingAutoencoder(new DenoisingAutoencoderOptions { Hidden = [256], NoiseFraction = Fraction });
            var daeReport = AutoencoderRuns.Train(ctx, dae, data, epochs, $"denoising-ae/{dataset} denoising");
            var daeRecon = dae.Reconstruct(noisy, test.Count);
            double daeNoisy = AutoencoderRuns.Mse(daeRecon, test.Images);

            var metrics = new List<Metric>
            {
                new($"denoising AE: MSE to clean test images from 30%-masked inputs ({epochs} epochs)", daeNoisy,
                    $"below the plain AE's ({plainNoisy:F5})", ctx.Quick ? null : daeNoisy < plainNoisy, $"{(daeNoisy - plainNoisy) / plainNoisy * 100:+0.0;-0.0}% vs plain"),
                new("plain AE: MSE to clean test images from 30%-masked inputs", plainNoisy),
                new("denoising AE: test MSE per pixel, clean inputs", daeReport.Test["test_mse"]),
                new("plain AE: test MSE per pixel, clean inputs", plainReport.Test["test_mse"]),
                new("MSE of the masked inputs themselves", AutoencoderRuns.Mse(noisy, test.Images)),
            };
            var images = new List<string>
            {
                AutoencoderRuns.SaveRows(ctx, Name, dataset, "clean-masked-plain-denoising.png", test, 16,
                    AutoencoderRuns.First(test, 16), noisy, plainRecon, daeRecon),
            };
            var gallery = ModelGallery.Write(ctx, Name, dataset, "denoising-ae", dae, data);
            yield return new MeasurementResult(Name, dataset, metrics, images, clock.Elapsed.TotalSeconds, ctx.Accelerator.Device.Name, Gallery: gallery);
        }
    }
}
