using System.Diagnostics;
using KernelGen.Models;
using KernelGen.Models.Autoencoders;

namespace KernelGen.Measurements;

/// <summary>
/// Test reconstruction error of the traditional autoencoders (784-64 sigmoid, untied and tied; stacked 784-256-64;
/// contractive 784-256 with λ = 0.1; all cross-entropy, about 120,000 training images) and the convolutional one
/// (1→16→32 channels, 32-unit code, transposed convolutions, about 40,000 training images), with reconstructions and
/// each model's pictures (<see cref="ModelGallery"/>).
/// </summary>
public sealed class AutoencodersMeasurement : IMeasurement
{
    /// <inheritdoc/>
    public string Name => "autoencoders";

    /// <inheritdoc/>
    public string Description => "Traditional, tied, stacked, contractive and convolutional autoencoders: test reconstruction error, images";

    private static IEnumerable<(string Tag, Func<AutoencoderBase> Create, int Budget)> Models() =>
    [
        ("ae-64", () => new Autoencoder(new AutoencoderOptions { Hidden = [64] }), 120_000),
        ("ae-64-tied", () => new Autoencoder(new AutoencoderOptions { Hidden = [64], TiedWeights = true }), 120_000),
        ("stacked-ae-256-64", () => new StackedAutoencoder(), 120_000),
        ("contractive-ae-256", () => new ContractiveAutoencoder(), 120_000),
        ("conv-ae-32", () => new ConvAutoencoder(), 40_000),
    ];

    /// <inheritdoc/>
    public IEnumerable<MeasurementResult> Run(MeasurementContext ctx)
    {
        foreach (var dataset in ctx.Datasets)
        {
            var clock = Stopwatch.StartNew();
            var data = ctx.Data(dataset);
            var metrics = new List<Metric>();
            var rows = new List<float[]> { AutoencoderRuns.First(data.Test, 16) };
            var gallery = new List<GalleryItem>();
            foreach (var (tag, create, budget) in Models())
            {
                using var model = create();
                int epochs = AutoencoderRuns.Epochs(ctx, data.Train, budget);
                var last = AutoencoderRuns.Train(ctx, model, data, epochs, $"autoencoders/{dataset} {tag}");
                metrics.Add(new($"{tag}: test MSE per pixel ({epochs} epochs)", last.Test["test_mse"]));
                metrics.Add(new($"{tag}: test loss (nats per image)", last.Test["test_loss"]));
                rows.Add(model.Reconstruct(data.Test.Images, 16));
                gallery.AddRange(ModelGallery.Write(ctx, Name, dataset, tag, model, data));
            }
            var images = new List<string>
            {
                AutoencoderRuns.SaveRows(ctx, Name, dataset, "reconstructions.png", data.Test, 16, [.. rows]),
            };
            yield return new MeasurementResult(Name, dataset, metrics, images, clock.Elapsed.TotalSeconds, ctx.Accelerator.Device.Name, Gallery: gallery);
        }
    }
}
