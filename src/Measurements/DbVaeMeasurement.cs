using System.Diagnostics;
using KernelGen.Models.Data;
using KernelGen.Models.Debiasing;
using KernelGen.Models.Imaging;
using KernelGen.Models.Training;

namespace KernelGen.Measurements;

/// <summary>
/// Bias made real and undone: the binary task "a top or not" on Fashion-MNIST (T-shirts/tops, pullovers, coats and
/// shirts positive: the model's default classes) with T-shirts/tops cut to <see cref="RareShare"/> of their training
/// images, learned twice by the same debiasing VAE — without resampling and with it — and judged on the full
/// (balanced) test set, subgroup by subgroup. Held to: the rare subgroup's accuracy up by at least 5 points, the
/// overall accuracy down by at most 1 point. Also the positives the debiased run draws most and least often (lowest
/// and highest latent density). docs/models.md lists the tasks tried first (the issue's footwear with ankle boots at
/// 5% had no bias to undo).
/// </summary>
public sealed class DbVaeMeasurement : IMeasurement
{
    /// <summary>The rare subgroup: T-shirts/tops.</summary>
    public const int RareClass = 0;

    /// <summary>The share of the rare subgroup's training images kept.</summary>
    public const double RareShare = 0.01;

    /// <summary>Epochs of each full run.</summary>
    public const int FullEpochs = 3;

    /// <inheritdoc/>
    public string Name => "db-vae";

    /// <inheritdoc/>
    public string Description => $"Debiasing VAE on Fashion-MNIST tops with T-shirts cut to {RareShare:P0}: per-subgroup accuracy without and with resampling";

    /// <inheritdoc/>
    public IEnumerable<MeasurementResult> Run(MeasurementContext ctx)
    {
        if (ctx.Datasets.Contains("mnist")) yield return Digits(ctx);
        const string dataset = "fashion-mnist";
        if (!ctx.Datasets.Contains(dataset)) yield break;
        var clock = Stopwatch.StartNew();
        var full = ctx.Data(dataset);
        var data = new DataSplits(SubgroupCut.Of(full.Train, RareClass, RareShare), full.Test);
        var (options, chosen) = Options(ctx);
        var (plain, plainSeconds) = Train(ctx, options with { Debias = false }, data, "without resampling");
        using var _ = plain;
        var (debiased, debiasedSeconds) = Train(ctx, options, data, "with resampling");
        using var __ = debiased;
        var before = Accuracies(plain, data.Test);
        var after = Accuracies(debiased, data.Test);
        double gain = 100 * (after.PerClass[RareClass] - before.PerClass[RareClass]);
        double change = 100 * (after.Overall - before.Overall);
        var metrics = new List<Metric>
        {
            new($"{FashionMnist.ClassNames[RareClass]} (rare) accuracy gain with resampling (points)", gain, "≥ 5", ctx.Quick ? null : gain >= 5,
                $"{100 * before.PerClass[RareClass]:F1}% → {100 * after.PerClass[RareClass]:F1}%; {data.Train.Labels.Count(l => l == RareClass)} of {full.Train.Labels.Count(l => l == RareClass)} training {FashionMnist.ClassNames[RareClass]}s kept"),
            new("overall accuracy change with resampling (points)", change, "≥ −1", ctx.Quick ? null : change >= -1,
                $"{100 * before.Overall:F2}% → {100 * after.Overall:F2}% on the {data.Test.Count} test images (1,000 per class)"),
        };
        for (int c = 0; c < data.Test.Classes; c++)
            metrics.Add(new Metric($"accuracy on {FashionMnist.ClassNames[c]} ({(debiased.IsPositive(c) ? "positive" : "negative")}): without → with resampling (%)",
                100 * after.PerClass[c], Note: $"without: {100 * before.PerClass[c]:F1}%"));
        metrics.Add(new Metric("training time without / with resampling (s)", debiasedSeconds, Note: $"without: {plainSeconds:F0} s"));
        metrics.AddRange(Weighting(debiased, data.Train));
        var images = new List<string> { Extremes(ctx, debiased, data.Train) };
        var gallery = ModelGallery.Write(ctx, Name, dataset, Name, debiased, data);
        yield return new MeasurementResult(Name, dataset, metrics, images, clock.Elapsed.TotalSeconds, ctx.Accelerator.Device.Name,
            GeneratorMeasurement.Describe(chosen), gallery);
    }

    /// <summary>
    /// The model's pictures on the digits, where there is no bias to undo: trained with its defaults (digits 0, 2, 4 and
    /// 6 positive) as many epochs as the demonstration; its test accuracy is reported.
    /// </summary>
    private MeasurementResult Digits(MeasurementContext ctx)
    {
        var clock = Stopwatch.StartNew();
        var data = ctx.Data("mnist");
        var (options, chosen) = Options(ctx);
        var (model, seconds) = Train(ctx, options, data, "on the digits");
        using var _ = model;
        var accuracy = Accuracies(model, data.Test);
        var metrics = new List<Metric>
        {
            new("test accuracy of \"is it a 0, 2, 4 or 6?\" (%)", 100 * accuracy.Overall, Note: "the model's pictures on the digits; no subgroup is cut"),
            new("training time (s)", seconds),
        };
        var gallery = ModelGallery.Write(ctx, Name, "mnist", Name, model, data);
        return new MeasurementResult(Name, "mnist", metrics, [], clock.Elapsed.TotalSeconds, ctx.Accelerator.Device.Name, GeneratorMeasurement.Describe(chosen), gallery);
    }

    /// <summary>The model's defaults (small widths in a quick run) overridden by the context's options, and those option values.</summary>
    private static (DbVaeOptions Options, Dictionary<string, string> Chosen) Options(MeasurementContext ctx)
    {
        var chosen = new Dictionary<string, string>(ctx.Quick ? new Dictionary<string, string> { ["channels"] = "8", ["latent"] = "4" } : []);
        foreach (var (name, value) in ctx.ModelOptions) chosen[name] = value;
        return ((DbVaeOptions)KernelGen.Models.ModelRegistry.ParseOptions(KernelGen.Models.ModelRegistry.Get("db-vae"), chosen), chosen);
    }

    private static (DbVae Model, double Seconds) Train(MeasurementContext ctx, DbVaeOptions options, DataSplits data, string what)
    {
        var model = new DbVae(options);
        try
        {
            model.Build(ctx.Accelerator, data.Train);
            var trainer = new Trainer(model, data, new TrainerOptions { Epochs = ctx.Epochs(FullEpochs) });
            trainer.EpochCompleted += r => ctx.Log($"db-vae {what} epoch {r.Epoch}: class {r.TrainLosses["class"]:F4}, recon {r.TrainLosses["recon"]:F1}, test accuracy {r.Test["test_accuracy"]:P2}, {r.ImagesPerSecond:F0} images/s");
            var reports = trainer.Run().Reports;
            return (model, reports.Sum(r => r.Seconds));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The accuracy of the footwear decision on all test images and on each class's.</summary>
    private static (double Overall, double[] PerClass) Accuracies(DbVae model, Dataset test)
    {
        var p = model.PositiveProbability(test.Images, test.Count);
        var correct = new int[test.Classes];
        var count = new int[test.Classes];
        for (int i = 0; i < test.Count; i++)
        {
            count[test.Labels[i]]++;
            if (p[i] > 0.5f == model.IsPositive(test.Labels[i])) correct[test.Labels[i]]++;
        }
        return ((double)correct.Sum() / test.Count, correct.Select((c, k) => count[k] == 0 ? double.NaN : (double)c / count[k]).ToArray());
    }

    /// <summary>How the last epoch's weights treat the rare subgroup: its share of the positives, and of the draws.</summary>
    private static IEnumerable<Metric> Weighting(DbVae model, Dataset train)
    {
        if (model.LastSampleWeights is not { } w) yield break;
        var positives = Enumerable.Range(0, train.Count).Where(i => model.IsPositive(train.Labels[i])).ToArray();
        double rareCount = positives.Count(i => train.Labels[i] == RareClass);
        double rareWeight = positives.Where(i => train.Labels[i] == RareClass).Sum(i => w[i]) / positives.Sum(i => w[i]);
        yield return new Metric($"{FashionMnist.ClassNames[RareClass]}s' share of the positives' draws in the last epoch (%)", 100 * rareWeight, Note: $"their share of the positive training images: {100 * rareCount / positives.Length:F2}%");
    }

    /// <summary>16 positives drawn most often (lowest latent density), then the 16 drawn least often (highest density).</summary>
    private string Extremes(MeasurementContext ctx, DbVae model, Dataset train)
    {
        const int each = 16;
        var (path, relative) = ctx.OutputFile(Name, "fashion-mnist", "most-and-least-sampled-positives.png");
        var positives = Enumerable.Range(0, train.Count).Where(i => model.IsPositive(train.Labels[i])).ToArray();
        var w = model.LastSampleWeights ?? new double[train.Count];
        var order = positives.OrderByDescending(i => w[i]).ToArray();
        var picks = order.Take(each).Concat(order.Skip(Math.Max(each, order.Length - each))).ToArray();
        var sheet = new float[picks.Length * train.PixelsPerImage];
        for (int k = 0; k < picks.Length; k++) train.Image(picks[k]).CopyTo(sheet.AsSpan(k * train.PixelsPerImage, train.PixelsPerImage));
        ImageGrid.SavePng(path, sheet, train.Rows, train.Cols, columns: each);
        return relative;
    }
}
