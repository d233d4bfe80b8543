using System.Diagnostics;
using KernelGen.Models;
using KernelGen.Models.Training;

namespace KernelGen.Measurements;

/// <summary>
/// Trains one of the generators of the models issue (VAE variants, GANs) on each dataset, with its default options
/// or those the measurement names (<paramref name="fullOptions"/>, overridden by <see cref="MeasurementContext.ModelOptions"/>),
/// and reports its final losses, its held-out numbers, throughput, the judged quality lines (class coverage of 1,000
/// samples for unconditional GANs, conditioning accuracy for conditional models) and its pictures (<see cref="ModelGallery"/>).
/// </summary>
/// <param name="model">The registry name of the model.</param>
/// <param name="fullEpochs">Epochs of a full run (a quick run trains one epoch on a slice).</param>
/// <param name="quickOptions">Option values (kebab-case) that make a quick run quicker, e.g. fewer feature maps.</param>
/// <param name="fullOptions">Option values (kebab-case) a full run trains with in place of the model's defaults.</param>
public sealed class GeneratorMeasurement(string model, int fullEpochs, IReadOnlyDictionary<string, string>? quickOptions = null,
    IReadOnlyDictionary<string, string>? fullOptions = null) : IMeasurement
{
    private const ulong SampleSeed = 7;

    /// <inheritdoc/>
    public string Name => model;

    /// <inheritdoc/>
    public string Description => $"{ModelRegistry.Get(model).Description}, {fullEpochs} epochs: losses, judged sample quality, grids";

    /// <summary>The option values a full run trains with in place of the model's defaults, as its results record them (see <see cref="Describe"/>).</summary>
    public string FullOptions => Describe(fullOptions ?? new Dictionary<string, string>());

    /// <summary>Option values as a result records them: NAME=VALUE, sorted by name, space-separated.</summary>
    public static string Describe(IReadOnlyDictionary<string, string> options) =>
        string.Join(" ", options.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    /// <summary>Whether the model is a GAN (held to the coverage line) rather than a VAE.</summary>
    private bool IsGan => ModelRegistry.Get(model).OptionsType.IsAssignableTo(typeof(KernelGen.Models.Gans.AdversarialOptions));

    /// <inheritdoc/>
    public IEnumerable<MeasurementResult> Run(MeasurementContext ctx)
    {
        var entry = ModelRegistry.Get(model);
        foreach (var dataset in ctx.Datasets)
        {
            var clock = Stopwatch.StartNew();
            var data = ctx.Data(dataset);
            var chosen = new Dictionary<string, string>((ctx.Quick ? quickOptions : fullOptions) ?? new Dictionary<string, string>());
            foreach (var (name, value) in ctx.ModelOptions) chosen[name] = value;
            var options = ModelRegistry.ParseOptions(entry, chosen);
            using var generator = entry.Create(options);
            generator.Build(ctx.Accelerator, data.Train);
            // The same number of training images on every dataset (fullEpochs of Fashion-MNIST's 60,000): on the 8,000
            // embedded digits, "30 epochs" alone would be 7.5× fewer steps, too few for adversarial training.
            int epochs = ctx.Quick ? 1 : Math.Max(fullEpochs, (int)Math.Ceiling(fullEpochs * 60000.0 / data.Train.Count));
            var trainer = new Trainer(generator, data, new TrainerOptions { Epochs = epochs });
            trainer.EpochCompleted += r => ctx.Log($"{model}/{dataset} epoch {r.Epoch}: "
                + string.Join(", ", r.TrainLosses.Select(p => $"{p.Key} {p.Value:F3}").Concat(r.Test.Select(p => $"{p.Key} {p.Value:F3}")))
                + $", {r.ImagesPerSecond:F0} images/s");
            var last = trainer.Run().Reports[^1];
            var metrics = new List<Metric>();
            metrics.AddRange(last.TrainLosses.Select(p => new Metric($"train {p.Key} (last epoch mean)", p.Value)));
            metrics.AddRange(last.Test.Select(p => new Metric(p.Key, p.Value)));
            metrics.Add(new Metric("training throughput (images/s)", last.ImagesPerSecond));
            var judge = SampleJudges.For(ctx, dataset);
            if (IsGan && generator is ISampler sampler) metrics.Add(SampleQuality.Coverage(sampler, judge, data.Test.Classes, SampleSeed));
            if (generator is IConditionalSampler conditional)
            {
                double line = dataset.Contains("fashion", StringComparison.OrdinalIgnoreCase) ? 80 : 90;
                metrics.Add(SampleQuality.ConditionalAccuracy(conditional, judge, data.Test.Classes, line, SampleSeed));
            }
            if (generator is ISampler or IConditionalSampler) metrics.Add(SampleQuality.Fid(generator, judge, data.Test, SampleSeed));
            var gallery = ModelGallery.Write(ctx, Name, dataset, model, generator, data);
            yield return new MeasurementResult(Name, dataset, metrics, [], clock.Elapsed.TotalSeconds, ctx.Accelerator.Device.Name,
                Describe(chosen), gallery);
        }
    }
}
