using KernelGen.Models;
using KernelGen.Models.Data;
using KernelGen.Models.Imaging;
using KernelGen.Models.Uses;

namespace KernelGen.Measurements;

/// <summary>Quality lines and images shared by the generator measurements: class coverage, conditional accuracy, grids.</summary>
public static class SampleQuality
{
    /// <summary>Samples for the coverage and accuracy lines.</summary>
    public const int JudgedSamples = 1000;

    /// <summary>
    /// Every class among <see cref="JudgedSamples"/> samples, as judged: the smallest class share, held to ≥ 5%
    /// (a generator that drops or starves a mode fails). Not judged without a judge.
    /// </summary>
    public static Metric Coverage(ISampler sampler, ISampleJudge? judge, int classes, ulong seed)
    {
        const string name = "smallest class share of 1,000 samples (%)", target = "every class ≥ 5%";
        if (judge is null) return new Metric(name, double.NaN, target, null, "not judged: no classifier for this dataset yet");
        var predicted = judge.Classify(sampler.Sample(JudgedSamples, seed), JudgedSamples);
        var counts = new int[classes];
        foreach (var p in predicted) if ((uint)p < (uint)classes) counts[p]++;
        double smallest = 100.0 * counts.Min() / JudgedSamples;
        return new Metric(name, smallest, target, smallest >= 5, $"class counts {string.Join(" ", counts)}");
    }

    /// <summary>
    /// Conditional samples classified as their conditioning class, <see cref="JudgedSamples"/> of them, classes in turn;
    /// held to <paramref name="minimumPercent"/>, or only reported when it is null. Not judged without a judge.
    /// </summary>
    public static Metric ConditionalAccuracy(IConditionalSampler sampler, ISampleJudge? judge, int classes, double? minimumPercent, ulong seed)
    {
        const string name = "samples classified as their conditioning class (%)";
        string target = minimumPercent is { } line ? $"≥ {line:0}%" : "";
        if (judge is null) return new Metric(name, double.NaN, target, null, "not judged: no classifier for this dataset yet");
        var labels = Enumerable.Range(0, JudgedSamples).Select(i => i % classes).ToArray();
        var predicted = judge.Classify(sampler.Sample(labels, seed), JudgedSamples);
        double accuracy = 100.0 * labels.Zip(predicted).Count(p => p.First == p.Second) / JudgedSamples;
        return new Metric(name, accuracy, target, minimumPercent is null ? null : accuracy >= minimumPercent,
            minimumPercent is null ? "reported, not held to a line" : "");
    }

    /// <summary>Samples (and test images) the FID compares.</summary>
    public const int FidSamples = 10_000;

    /// <summary>
    /// The FID: Fréchet distance between the judge's penultimate-layer features of <see cref="FidSamples"/> generated
    /// images and as many test images (all of them where the test set is smaller, on both sides). Conditional samplers
    /// draw the classes in turn. Reported, not held to a line; not judged without a judge that gives features.
    /// </summary>
    public static Metric Fid(object generator, ISampleJudge? judge, Dataset test, ulong seed)
    {
        int n = Math.Min(FidSamples, test.Count);
        string name = $"FID: Fréchet distance of the judge's features, {n:N0} samples vs {n:N0} test images";
        if (judge is not IFeatureJudge features) return new Metric(name, double.NaN, "", null, "not judged: no classifier with features for this dataset yet");
        float[] generated = generator switch
        {
            IConditionalSampler c => c.Sample(Enumerable.Range(0, n).Select(i => i % test.Classes).ToArray(), seed),
            ISampler s => s.Sample(n, seed),
            _ => throw new ArgumentException($"FID: {generator.GetType().Name} samples no images.", nameof(generator)),
        };
        var real = test.Images.AsSpan(0, n * test.PixelsPerImage).ToArray();
        var result = FrechetDistance.Between(features.Features(generated, n), n, features.Features(real, n), n, features.FeatureSize);
        return new Metric(name, result.Distance, "", null, result.Note.Length > 0 ? result.Note : "lower is closer to the test set");
    }

    /// <summary>Conditional samples for a grid with one row per class and <paramref name="perClass"/> columns.</summary>
    public static float[] ClassByRow(IConditionalSampler sampler, int classes, int perClass, ulong seed) =>
        sampler.Sample(Enumerable.Range(0, classes * perClass).Select(i => i / perClass).ToArray(), seed);

    /// <summary>Writes a PNG grid into the measurement's folder and returns its relative path.</summary>
    public static string SaveGrid(MeasurementContext ctx, string measurement, string dataset, string name, float[] images, Dataset format, int columns)
    {
        var (full, relative) = ctx.OutputFile(measurement, dataset, name);
        ImageGrid.SavePng(full, images, format.Rows, format.Cols, columns: columns);
        return relative;
    }
}
