using System.Diagnostics;
using KernelGen.Models;
using KernelGen.Models.Classifiers;
using KernelGen.Models.Training;

namespace KernelGen.Measurements;

/// <summary>
/// Classifiers that judge generated samples: one <see cref="Classifier"/> per (device, dataset), trained on the real
/// training set the first time it is asked for and kept for the rest of the process. A trained judge is also saved to
/// <c>judges/</c> in the <see cref="CacheDirectory"/>, keyed on the dataset, its size, the epochs and the classifier's
/// options, and a later process judges with it after re-measuring its test accuracy (a file that no longer loads,
/// e.g. after the classifier changed, is trained again).
/// </summary>
public static class SampleJudges
{
    private static readonly Dictionary<(Accelerator, string), TrainedClassifier> Cache = new();
    private static readonly Lock Gate = new();

    /// <summary>The judge for <paramref name="dataset"/>, trained on first use; null in a quick run (training would dominate it).</summary>
    public static ISampleJudge? For(MeasurementContext ctx, string dataset) => ctx.Quick ? null : Trained(ctx, dataset, fromDisk: true).Model;

    /// <summary>Epochs the judge trains for on <paramref name="dataset"/> (the embedded digits are 8,000 images: 10 epochs; Fashion-MNIST 60,000: 4 epochs).</summary>
    public static int Epochs(string dataset) => dataset == "mnist" ? 10 : 4;

    /// <summary>
    /// The classifier of <paramref name="dataset"/> kept in this process, else (with <paramref name="fromDisk"/>) the
    /// one saved by an earlier process, else a newly trained one (saved for later processes).
    /// </summary>
    internal static TrainedClassifier Trained(MeasurementContext ctx, string dataset, bool fromDisk = false)
    {
        lock (Gate)
        {
            if (!Cache.TryGetValue((ctx.Accelerator, dataset), out var trained))
            {
                int epochs = Epochs(dataset);
                var file = CacheFile(ctx, dataset, epochs);
                trained = fromDisk ? TryLoad(ctx, dataset, file) : null;
                if (trained is null)
                {
                    trained = Train(ctx, dataset, epochs);
                    TrySave(trained, file);
                }
                Cache[(ctx.Accelerator, dataset)] = trained;
            }
            return trained;
        }
    }

    private static string CacheFile(MeasurementContext ctx, string dataset, int epochs)
    {
        var data = ctx.Data(dataset);
        var key = $"{dataset}|{data.Train.Count}|{data.Test.Count}|{epochs}|{System.Text.Json.JsonSerializer.Serialize(new ClassifierOptions())}";
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..16];
        return Path.Combine(CacheDirectory.Root, "judges", $"classifier-{string.Concat(dataset.Where(char.IsLetterOrDigit))}-{hash}.safetensors");
    }

    internal static TrainedClassifier? TryLoad(MeasurementContext ctx, string dataset, string file)
    {
        if (!File.Exists(file)) return null;
        var data = ctx.Data(dataset);
        var model = new Classifier(new ClassifierOptions());
        try
        {
            model.Build(ctx.Accelerator, data.Train);
            var meta = model.Load(file);
            double accuracy = model.Evaluate(data.Test)["test_accuracy"];
            ctx.Log($"classifier/{dataset}: judge loaded from {file}, test accuracy {accuracy:P2}");
            return new TrainedClassifier(model, int.Parse(meta["judge_epochs"], System.Globalization.CultureInfo.InvariantCulture),
                double.Parse(meta["judge_seconds"], System.Globalization.CultureInfo.InvariantCulture), accuracy);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or KeyNotFoundException or FormatException)
        {
            ctx.Log($"classifier/{dataset}: cached judge {file} not used ({e.Message}); training one");
            model.Dispose();
            return null;
        }
    }

    internal static void TrySave(TrainedClassifier trained, string file)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            trained.Model.Save(file, new Dictionary<string, string>
            {
                ["judge_epochs"] = trained.Epochs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["judge_seconds"] = trained.Seconds.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written only costs the next process a training run.
        }
    }

    /// <summary>Trains a classifier with the default options on <paramref name="dataset"/> of <paramref name="ctx"/>.</summary>
    internal static TrainedClassifier Train(MeasurementContext ctx, string dataset, int epochs)
    {
        var clock = Stopwatch.StartNew();
        var data = ctx.Data(dataset);
        var model = new Classifier(new ClassifierOptions());
        model.Build(ctx.Accelerator, data.Train);
        var trainer = new Trainer(model, data, new TrainerOptions { Epochs = epochs });
        trainer.EpochCompleted += r => ctx.Log($"classifier/{dataset} epoch {r.Epoch}: train loss {r.TrainLosses["loss"]:F4}, test accuracy {r.Test["test_accuracy"]:P2}, {r.ImagesPerSecond:F0} images/s");
        var result = trainer.Run();
        return new TrainedClassifier(model, result.EpochsCompleted, clock.Elapsed.TotalSeconds, result.Reports[^1].Test["test_accuracy"]);
    }
}

/// <summary>A classifier trained for a measurement.</summary>
/// <param name="Model">The classifier.</param>
/// <param name="Epochs">Epochs trained.</param>
/// <param name="Seconds">Wall time of training and evaluation.</param>
/// <param name="TestAccuracy">Accuracy on the test split after the last epoch.</param>
internal sealed record TrainedClassifier(Classifier Model, int Epochs, double Seconds, double TestAccuracy);
