using System.Diagnostics;
using KernelGen.Models.Classifiers;
using KernelGen.Models.Training;

namespace KernelGen.Models.Measurements;

/// <summary>
/// Classifiers that judge generated samples: one <see cref="Classifier"/> per (device, dataset), trained on the real
/// training set the first time it is asked for and kept for the rest of the process.
/// </summary>
public static class SampleJudges
{
    private static readonly Dictionary<(Accelerator, string), TrainedClassifier> Cache = new();
    private static readonly Lock Gate = new();

    /// <summary>The judge for <paramref name="dataset"/>, trained on first use; null in a quick run (training would dominate it).</summary>
    public static ISampleJudge? For(MeasurementContext ctx, string dataset) => ctx.Quick ? null : Trained(ctx, dataset).Model;

    /// <summary>Epochs the judge trains for on <paramref name="dataset"/> (the embedded digits are 8,000 images: 10 epochs; Fashion-MNIST 60,000: 4 epochs).</summary>
    public static int Epochs(string dataset) => dataset == "mnist" ? 10 : 4;

    /// <summary>The cached classifier of <paramref name="dataset"/>, training it first if needed (also outside quick runs only).</summary>
    internal static TrainedClassifier Trained(MeasurementContext ctx, string dataset)
    {
        lock (Gate)
        {
            if (!Cache.TryGetValue((ctx.Accelerator, dataset), out var trained))
            {
                trained = Train(ctx, dataset, Epochs(dataset));
                Cache[(ctx.Accelerator, dataset)] = trained;
            }
            return trained;
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
