using System.Diagnostics;
using KernelGen.Models.PixelCnn;

namespace KernelGen.Measurements;

/// <summary>
/// PixelCNN on the binarized digits (dynamic binarization in training): the exact test NLL on the seeded fixed
/// binarization (<see cref="KernelGen.Models.Data.FixedTestBinarization"/>), held to ≤ 100 nats per image; also the NLL of the
/// thresholded test set (reported only), epochs, times, a grid of samples drawn pixel by pixel (timed) and the
/// model's pictures (<see cref="ModelGallery"/>: samples and completions of half images).
/// </summary>
public sealed class PixelCnnMeasurement : IMeasurement
{
    /// <summary>The quality line, nats per image.</summary>
    public const double Target = 100;

    /// <summary>The model measured: 48 channels, 7×7 mask A, 6 residual 3×3 mask-B layers, 1×1 to 64 then 1; Adam 1e-3, batch 64.</summary>
    public static PixelCnnOptions Full { get; } = new();

    /// <summary>Epochs of the full run.</summary>
    public const int FullEpochs = 5;

    /// <inheritdoc/>
    public string Name => "pixelcnn";

    /// <inheritdoc/>
    public string Description => $"PixelCNN on binarized digits, {FullEpochs} epochs: exact test NLL (≤ {Target} nats), samples";

    /// <summary>The small PixelCNN of a quick run.</summary>
    public static PixelCnnOptions QuickOptions { get; } = new() { Channels = 8, Layers = 1, OutputChannels = 8, BatchSize = 32 };

    /// <inheritdoc/>
    public IEnumerable<MeasurementResult> Run(MeasurementContext ctx)
    {
        const string dataset = "mnist";
        var clock = Stopwatch.StartNew();
        using var model = new KernelGen.Models.PixelCnn.PixelCnn(ctx.Quick ? QuickOptions : Full);
        var run = PixelModelRun.Train(ctx, model, Name, dataset, samples: ctx.Quick ? 8 : 25);
        var metrics = new List<Metric>
        {
            new("test NLL (nats/image)", run.Nll, $"≤ {Target}", ctx.Quick ? null : run.Nll <= Target,
                $"{run.TestImages} test digits, one seeded Bernoulli binarization (seed 0x{KernelGen.Models.Data.FixedTestBinarization.Seed:X})"),
        };
        metrics.AddRange(run.Metrics);
        var gallery = ModelGallery.Write(ctx, Name, dataset, "pixelcnn", model, ctx.Data(dataset));
        yield return new MeasurementResult(Name, dataset, metrics, run.Images, clock.Elapsed.TotalSeconds, ctx.Accelerator.Device.Name, Gallery: gallery);
    }
}
