using System.Diagnostics;
using KernelGen.Models;
using KernelGen.Models.Data;
using KernelGen.Models.Imaging;
using KernelGen.Models.Training;
using KernelGen.Models.Uses;
using KernelGen.Models.Vaes;

namespace KernelGen.Measurements;

/// <summary>
/// VAE 784-400-20, Adam 1e-3, batch 128, 10 epochs: the test loss (BCE summed + KL, per image) against PyTorch's
/// for the same model, data and schedule (target: within 1%), plus samples, reconstructions, an interpolation strip
/// from a 0 to a 9, latent arithmetic and a latent scatter.
/// </summary>
public sealed class VaeMeasurement : IMeasurement
{
    /// <inheritdoc/>
    public string Name => "vae";

    /// <inheritdoc/>
    public string Description => "VAE 784-400-20, 10 epochs: test loss vs PyTorch (within 1%), images";

    /// <inheritdoc/>
    public IEnumerable<MeasurementResult> Run(MeasurementContext ctx)
    {
        foreach (var dataset in ctx.Datasets)
        {
            var clock = Stopwatch.StartNew();
            var data = ctx.Data(dataset);
            int epochs = ctx.Epochs(10);
            using var vae = new Vae(new VaeOptions());
            vae.Build(ctx.Accelerator, data.Train);
            var trainer = new Trainer(vae, data, new TrainerOptions { Epochs = epochs });
            trainer.EpochCompleted += r => ctx.Log($"vae/{dataset} epoch {r.Epoch}: train {r.TrainLosses["loss"]:F2}, test {r.Test["test_loss"]:F2}, {r.ImagesPerSecond:F0} images/s");
            var last = trainer.Run().Reports[^1];
            double ours = last.Test["test_loss"];
            var metrics = new List<Metric>
            {
                new("test BCE (nats/image)", last.Test["test_bce"]),
                new("test KL (nats/image)", last.Test["test_kl"]),
                new("training throughput (images/s)", last.ImagesPerSecond),
            };
            metrics.Insert(0, CompareWithTorch(ctx, data, dataset, epochs, ours));
            var gallery = ModelGallery.Write(ctx, Name, dataset, "vae", vae, data);
            yield return new MeasurementResult(Name, dataset, metrics, [WriteArithmetic(ctx, vae, data.Test, dataset)], clock.Elapsed.TotalSeconds,
                ctx.Accelerator.Device.Name, Gallery: gallery);
        }
    }

    private static Metric CompareWithTorch(MeasurementContext ctx, DataSplits data, string dataset, int epochs, double ours)
    {
        const string name = "test loss (nats/image)";
        if (ctx.Quick) return new Metric(name, ours, "within 1% of PyTorch", null, "quick run: no comparison");
        if (!PeerScript.Available(out var reason)) return new Metric(name, ours, "within 1% of PyTorch", null, reason);
        var dir = Directory.CreateTempSubdirectory("kernelgen-vae-peer-").FullName;
        try
        {
            var (trainImages, trainLabels) = IdxWriter.Write(data.Train, Path.Combine(dir, "train"));
            var (testImages, testLabels) = IdxWriter.Write(data.Test, Path.Combine(dir, "t10k"));
            var result = PeerScript.Run("torch_vae.py",
                ["--train-images", trainImages, "--train-labels", trainLabels, "--test-images", testImages, "--test-labels", testLabels,
                 "--epochs", epochs.ToString(), "--batch", "128", "--lr", "0.001"], line => ctx.Log($"vae/{dataset} {line}"));
            double torch = result.GetProperty("test_loss").GetDouble();
            double gap = (ours - torch) / torch;
            return new Metric(name, ours, $"within 1% of PyTorch ({torch:F2})", Math.Abs(gap) <= 0.01, $"{gap * 100:+0.00;-0.00}% vs PyTorch");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static string WriteArithmetic(MeasurementContext ctx, Vae vae, Dataset test, string dataset)
    {
        var means = LatentSpace.ClassMeans(vae, test);
        var ones = Enumerable.Range(0, test.Count).Where(i => test.Labels[i] == 1).Take(8).ToArray();
        var inputs = new float[ones.Length * test.PixelsPerImage];
        for (int k = 0; k < ones.Length; k++) test.Image(ones[k]).CopyTo(inputs.AsSpan(k * test.PixelsPerImage));
        var moved = LatentSpace.Arithmetic(vae, inputs, ones.Length, means, minus: 1, plus: 7);
        var (full, relative) = ctx.OutputFile("vae", dataset, "arithmetic-1-minus-mean1-plus-mean7.png");
        ImageGrid.SavePng(full, inputs.Concat(moved).ToArray(), test.Rows, test.Cols, columns: ones.Length);
        return relative;
    }
}
