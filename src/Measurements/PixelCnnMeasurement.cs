using System.Diagnostics;
using KernelGen.Models;
using KernelGen.Models.Imaging;
using KernelGen.Models.PixelCnn;
using KernelGen.Models.Training;

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

    /// <inheritdoc/>
    public IEnumerable<MeasurementResult> Run(MeasurementContext ctx)
    {
        const string dataset = "mnist";
        var clock = Stopwatch.StartNew();
        var data = ctx.Data(dataset);
        var options = ctx.Quick ? new PixelCnnOptions { Channels = 8, Layers = 1, OutputChannels = 8, BatchSize = 32 } : Full;
        using var model = new KernelGen.Models.PixelCnn.PixelCnn(options);
        model.Build(ctx.Accelerator, data.Train);
        var trainer = new Trainer(model, data, new TrainerOptions { Epochs = ctx.Epochs(FullEpochs) });
        trainer.EpochCompleted += r => ctx.Log($"pixelcnn/{dataset} epoch {r.Epoch}: train {r.TrainLosses["nll"]:F2}, test {r.Test["test_nll"]:F2} nats, {r.Seconds:F0} s, {r.ImagesPerSecond:F0} images/s");
        var reports = trainer.Run().Reports;
        double nll = reports[^1].Test["test_nll"];
        double trainSeconds = reports.Sum(r => r.Seconds);
        double thresholded = model.NegativeLogLikelihood(data.Test.BinarizeFixed());

        int samples = ctx.Quick ? 8 : 25;
        var sampling = Stopwatch.StartNew();
        var images = model.Sample(samples, 7);
        double sampleSeconds = sampling.Elapsed.TotalSeconds;
        var (full, relative) = ctx.OutputFile(Name, dataset, "samples.png");
        ImageGrid.SavePng(full, images, data.Test.Rows, data.Test.Cols, columns: ctx.Quick ? 4 : 5);
        ctx.Log($"pixelcnn/{dataset}: {samples} samples in {sampleSeconds:F0} s");

        var metrics = new List<Metric>
        {
            new("test NLL (nats/image)", nll, $"≤ {Target}", ctx.Quick ? null : nll <= Target,
                $"{data.Test.Count} test digits, one seeded Bernoulli binarization (seed 0x{KernelGen.Models.Data.FixedTestBinarization.Seed:X})"),
            new("test NLL, thresholded at 0.5 (nats/image)", thresholded, Note: "same model; test digits binarized by threshold"),
            new("train NLL, last epoch (nats/image)", reports[^1].TrainLosses["nll"], Note: "dynamic binarization"),
            new("epochs", reports.Count),
            new("training time (s)", trainSeconds),
            new("training throughput (images/s)", reports[^1].ImagesPerSecond),
            new("sampling time (s)", sampleSeconds, Note: $"{samples} images, 784 forward passes per batch"),
        };
        var gallery = ModelGallery.Write(ctx, Name, dataset, "pixelcnn", model, data);
        yield return new MeasurementResult(Name, dataset, metrics, [relative], clock.Elapsed.TotalSeconds, ctx.Accelerator.Device.Name, Gallery: gallery);
    }
}
