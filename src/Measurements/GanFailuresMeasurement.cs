using System.Diagnostics;
using KernelGen.Models;
using KernelGen.Models.Data;
using KernelGen.Models.Gans;
using KernelGen.Models.Imaging;
using KernelGen.Models.Training;

namespace KernelGen.Measurements;

/// <summary>
/// The three ways GAN training fails, each reproduced on purpose next to a healthy DCGAN run, watched by
/// <see cref="GanMonitor"/> with the dataset's judge: per run the epochs' D(x), D(G(z)), class shares, losses and
/// gradient norms as SVG curves, the last epoch's samples, and which warnings fired when. A provoked failure is held
/// to its warning firing; the healthy run to none firing.
/// </summary>
public sealed class GanFailuresMeasurement : IMeasurement
{
    /// <summary>
    /// One run: the model and options, the failure it provokes (null: healthy) and how, trained for
    /// <paramref name="Epochs"/> epochs on the first <paramref name="Images"/> training images (the same steps on every dataset).
    /// </summary>
    public sealed record Case(string Name, string Model, IReadOnlyDictionary<string, string> Options, GanFailure? Provokes, string How, int Images, int Epochs);

    /// <summary>The runs, healthy first.</summary>
    public static IReadOnlyList<Case> Cases { get; } =
    [
        new("healthy", "dcgan", new Dictionary<string, string> { ["pack"] = "2" }, null,
            "the DCGAN as docs/models.md measures it (non-saturating loss, one D step per G step, pairs packed)", 8000, 12),
        new("vanishing", "gan", new Dictionary<string, string> { ["generator-loss"] = "minimax", ["discriminator-steps"] = "5" }, GanFailure.VanishingGradient,
            "the minimax loss log(1 − D(G(z))) with five discriminator steps per generator step", 8000, 12),
        new("collapse", "gan", new Dictionary<string, string> { ["hidden"] = "64", ["latent"] = "2" }, GanFailure.ModeCollapse,
            "a small MLP GAN (64 units, 2 noise dimensions), no packing, no weight average", 8000, 12),
        new("oscillation", "gan", new Dictionary<string, string> { ["learning-rate"] = "1e-3", ["beta1"] = "0.9" }, GanFailure.Oscillation,
            "the MLP GAN at 5× the rate with Adam's beta1 at 0.9, on epochs of 16 steps (its swings last tens of steps: longer epochs average them away)", 1024, 30),
    ];

    /// <inheritdoc/>
    public string Name => "gan-failures";

    /// <inheritdoc/>
    public string Description => "GAN failure modes reproduced on purpose (vanishing gradients, mode collapse, oscillation) beside a healthy DCGAN: curves, samples, warnings";

    /// <inheritdoc/>
    public IEnumerable<MeasurementResult> Run(MeasurementContext ctx)
    {
        foreach (var dataset in ctx.Datasets)
        {
            var clock = Stopwatch.StartNew();
            var full = ctx.Data(dataset);
            var judge = SampleJudges.For(ctx, dataset);
            var metrics = new List<Metric>();
            var images = new List<string>();
            foreach (var c in Cases)
            {
                var entry = ModelRegistry.Get(c.Model);
                using var gan = (GanModel)entry.Create(ModelRegistry.ParseOptions(entry, new Dictionary<string, string>(c.Options)));
                var data = new DataSplits(full.Train.First(c.Images), full.Test);
                gan.Build(ctx.Accelerator, data.Train);
                var monitor = new GanMonitor(gan, judge);
                int epochs = ctx.Quick ? 2 : c.Epochs;
                var trainer = new Trainer(gan, data, new TrainerOptions { Epochs = epochs, EpochMetrics = monitor.JudgeSamples });
                trainer.EpochCompleted += r =>
                {
                    foreach (var w in monitor.Observe(r)) ctx.Log($"gan-failures/{dataset} {c.Name}: warning: {w.Message}");
                };
                trainer.Run();
                metrics.AddRange(Verdict(c, monitor.Health, ctx.Quick));
                images.AddRange(Curves(ctx, dataset, c, monitor.Health));
                var (path, relative) = ctx.OutputFile(Name, dataset, $"{c.Name}-samples.png");
                ImageGrid.SavePng(path, ((ISampler)gan).Sample(64, 7), data.Train.Rows, data.Train.Cols, columns: 8);
                images.Add(relative);
            }
            yield return new MeasurementResult(Name, dataset, metrics, images, clock.Elapsed.TotalSeconds, ctx.Accelerator.Device.Name);
        }
    }

    private static IEnumerable<Metric> Verdict(Case c, GanHealth health, bool quick)
    {
        var last = health.History[^1];
        string warned = string.Join("; ", health.Warnings.Select(w => w.Message[..w.Message.IndexOf(". ", StringComparison.Ordinal)]));
        if (c.Provokes is { } failure)
        {
            var first = health.Warnings.FirstOrDefault(w => w.Failure == failure);
            yield return new Metric($"{c.Name}: first epoch warned of {GanHealth.Title(failure)} (0: never)", first?.Epoch ?? 0, "warned", quick ? null : first is not null,
                $"{c.How}; warnings: {(warned.Length > 0 ? warned : "none")}");
        }
        else
        {
            yield return new Metric($"{c.Name}: warnings", health.Warnings.Count, "none", quick ? null : health.Warnings.Count == 0,
                $"{c.How}{(warned.Length > 0 ? "; " + warned : "")}");
        }
        if (last.DFake is { } fake) yield return new Metric($"{c.Name}: D(G(z)) in the last epoch", fake);
        yield return new Metric($"{c.Name}: generator gradient norm in the last epoch", last.GGradNorm);
        if (last.Coverage is { } cov)
            yield return new Metric($"{c.Name}: smallest class share in the last epoch (%)", 100 * cov.SmallestShare, "", null,
                $"class {cov.Smallest}; largest: class {cov.Largest} at {100 * cov.LargestShare:0.#}%");
    }

    private IEnumerable<string> Curves(MeasurementContext ctx, string dataset, Case c, GanHealth health)
    {
        var h = health.History;
        var x = h.Select(s => (double)s.Epoch).ToList();
        LineSeries S(string name, Func<GanSignals, double> y) => new(name, x, h.Select(y).ToList());
        var plots = new (string File, string Title, string Y, LineSeries[] Series)[]
        {
            ("judged", "D(x), D(G(z)) and the judged class shares", "probability / share",
            [
                S("D(x)", s => s.DReal ?? double.NaN), S("D(G(z))", s => s.DFake ?? double.NaN),
                S("smallest class share", s => s.Coverage?.SmallestShare ?? double.NaN), S("largest class share", s => s.Coverage?.LargestShare ?? double.NaN),
            ]),
            ("losses", "mean losses per epoch", "loss", [S("d_loss", s => s.DLoss), S("g_loss", s => s.GLoss)]),
            ("gradients", "mean gradient norm per step", "‖∇‖₂", [S("discriminator", s => s.DGradNorm), S("generator", s => s.GGradNorm)]),
        };
        foreach (var p in plots)
        {
            var (full, relative) = ctx.OutputFile(Name, dataset, $"{c.Name}-{p.File}.svg");
            SvgPlot.Save(full, SvgPlot.Lines(p.Series, $"{c.Name}: {p.Title}", "epoch", p.Y, integerX: true, width: 480, height: 320));
            yield return relative;
        }
    }
}
