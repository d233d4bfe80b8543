using System.Diagnostics;
using KernelGen.Models.Imaging;
using KernelGen.Models.PixelCnn;
using KernelGen.Models.Training;

namespace KernelGen.Measurements;

/// <summary>
/// One pixel model (PixelCNN, PixelRNN) trained for <see cref="PixelCnnMeasurement.FullEpochs"/> epochs on the
/// binarized digits: its test NLL on the fixed binarization and on the thresholded test set, times, throughput, and a
/// timed grid of samples drawn pixel by pixel.
/// </summary>
public sealed record PixelModelRun(double Nll, int TestImages, int Epochs, double TrainSeconds, IReadOnlyList<Metric> Metrics, IReadOnlyList<string> Images)
{
    /// <summary>Trains <paramref name="model"/> (not yet built) on <paramref name="dataset"/> and measures it; <paramref name="samples"/> 0 draws none.</summary>
    public static PixelModelRun Train(MeasurementContext ctx, PixelModel model, string measurement, string dataset, int samples)
    {
        var data = ctx.Data(dataset);
        model.Build(ctx.Accelerator, data.Train);
        var trainer = new Trainer(model, data, new TrainerOptions { Epochs = ctx.Epochs(PixelCnnMeasurement.FullEpochs) });
        trainer.EpochCompleted += r => ctx.Log($"{model.Kind}/{dataset} epoch {r.Epoch}: train {r.TrainLosses["nll"]:F2}, test {r.Test["test_nll"]:F2} nats, {r.Seconds:F0} s, {r.ImagesPerSecond:F0} images/s");
        var reports = trainer.Run().Reports;
        double nll = reports[^1].Test["test_nll"];
        double trainSeconds = reports.Sum(r => r.Seconds);
        var metrics = new List<Metric>
        {
            new("test NLL, thresholded at 0.5 (nats/image)", model.NegativeLogLikelihood(data.Test.BinarizeFixed()), Note: "same model; test digits binarized by threshold"),
            new("train NLL, last epoch (nats/image)", reports[^1].TrainLosses["nll"], Note: "dynamic binarization"),
            new("epochs", reports.Count),
            new("training time (s)", trainSeconds),
            new("training throughput (images/s)", reports[^1].ImagesPerSecond),
        };
        var images = new List<string>();
        if (samples > 0)
        {
            var sampling = Stopwatch.StartNew();
            var drawn = model.Sample(samples, 7);
            double seconds = sampling.Elapsed.TotalSeconds;
            var (full, relative) = ctx.OutputFile(measurement, dataset, "samples.png");
            ImageGrid.SavePng(full, drawn, data.Test.Rows, data.Test.Cols, columns: (int)Math.Ceiling(Math.Sqrt(samples)));
            images.Add(relative);
            metrics.Add(new Metric("sampling time (s)", seconds, Note: $"{samples} images, {data.Test.Rows * data.Test.Cols} forward passes per batch"));
            ctx.Log($"{model.Kind}/{dataset}: {samples} samples in {seconds:F0} s");
        }
        return new PixelModelRun(nll, data.Test.Count, reports.Count, trainSeconds, metrics, images);
    }
}
