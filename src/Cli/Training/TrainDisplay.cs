using System.Globalization;
using KernelGen.Models.Training;
using Spectre.Console;

namespace KernelGen.Cli;

/// <summary>
/// Shows a training run: on a terminal, a live progress bar per epoch with throughput and the model's named
/// losses (and the Ctrl-C acknowledgement inside the frame, where the redraws cannot hide it); otherwise plain
/// lines (a few per epoch and one summary line per epoch). A slow sampler's grid shows its progress too.
/// </summary>
internal static class TrainDisplay
{
    /// <summary>
    /// Runs <paramref name="trainer"/> to the end or until <paramref name="interruption"/> fires, showing its progress
    /// and, after each epoch's line, the <paramref name="warnings"/> it gives for that epoch (e.g. a GAN's failure modes).
    /// </summary>
    public static TrainResult Run(Trainer trainer, int epochs, int batchesPerEpoch, Interruption interruption,
        Func<EpochReport, IEnumerable<string>>? warnings = null) =>
        Terminal.Plain ? RunPlain(trainer, epochs, interruption.Token, warnings) : RunLive(trainer, epochs, batchesPerEpoch, interruption, warnings);

    private static TrainResult RunPlain(Trainer trainer, int epochs, CancellationToken cancel, Func<EpochReport, IEnumerable<string>>? warnings)
    {
        int lastQuarter = 0, lastOutputQuarter = 0;
        trainer.Progress += p =>
        {
            int quarter = 4 * p.Batch / p.Batches;
            if (quarter <= lastQuarter || quarter >= 4) return;
            lastQuarter = quarter;
            Terminal.Line($"epoch {p.Epoch}/{epochs}  batch {p.Batch}/{p.Batches}  {p.ImagesPerSecond:F0} images/s  {Losses(p.Losses)}");
        };
        trainer.OutputProgress += p =>
        {
            int quarter = (int)(4 * p.Fraction);
            if (quarter <= lastOutputQuarter || quarter >= 4) return;
            lastOutputQuarter = quarter;
            Terminal.Line($"epoch {p.Epoch}/{epochs}  drawing {p.What}: {25 * quarter}%");
        };
        trainer.EpochCompleted += r =>
        {
            lastQuarter = lastOutputQuarter = 0;
            Terminal.Line($"epoch {r.Epoch}/{epochs} done in {r.Seconds:F1} s (+{r.OutputsSeconds:F1} s evaluation and images)  {r.ImagesPerSecond:F0} images/s  " +
                $"train {Losses(r.TrainLosses)}  {Metrics(r.Test)}");
            foreach (var w in warnings?.Invoke(r) ?? []) Terminal.Line($"warning: {w}");
        };
        return trainer.Run(cancel);
    }

    private static TrainResult RunLive(Trainer trainer, int epochs, int batchesPerEpoch, Interruption interruption, Func<EpochReport, IEnumerable<string>>? warnings)
    {
        try
        {
            return RunInFrame(trainer, epochs, batchesPerEpoch, interruption, warnings);
        }
        finally
        {
            interruption.Announce = Interruption.ToStandardError; // the frame is gone: a later Ctrl-C is shown as a line again
        }
    }

    private static TrainResult RunInFrame(Trainer trainer, int epochs, int batchesPerEpoch, Interruption interruption, Func<EpochReport, IEnumerable<string>>? warnings) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new ProgressBarColumn { Width = 24 }, new PercentageColumn(), new ElapsedTimeColumn(), new TaskDescriptionColumn { Alignment = Justify.Left })
            .Start(ctx =>
            {
                ProgressTask? task = null;
                int taskEpoch = 0;
                ProgressTask For(int epoch)
                {
                    if (task is null || taskEpoch != epoch)
                    {
                        task = ctx.AddTask($"epoch {epoch}/{epochs}", maxValue: batchesPerEpoch);
                        taskEpoch = epoch;
                    }
                    return task;
                }
                void Notice(string text)
                {
                    var notice = ctx.AddTask(Markup.Escape(text), maxValue: 1);
                    notice.StopTask();
                    ctx.Refresh();
                }
                interruption.Announce = message => Notice($"kernelgen: {message}");
                trainer.Progress += p =>
                {
                    var t = For(p.Epoch);
                    t.Value = p.Batch;
                    t.Description = Markup.Escape($"epoch {p.Epoch}/{epochs}  {p.ImagesPerSecond:F0} img/s  {Losses(p.Losses)}");
                };
                trainer.OutputProgress += p =>
                {
                    var t = For(p.Epoch);
                    t.Value = t.MaxValue;
                    t.Description = Markup.Escape($"epoch {p.Epoch}/{epochs}  drawing {p.What}: {100 * p.Fraction:F0}%");
                };
                trainer.EpochCompleted += r =>
                {
                    var t = For(r.Epoch);
                    t.Value = t.MaxValue;
                    t.Description = Markup.Escape($"epoch {r.Epoch}/{epochs}  {r.ImagesPerSecond:F0} img/s  train {Losses(r.TrainLosses)}  {Metrics(r.Test)}");
                    t.StopTask();
                    foreach (var w in warnings?.Invoke(r) ?? []) Notice($"warning: {w}");
                };
                return trainer.Run(interruption.Token);
            });

    /// <summary>"loss 160.21  bce 150.02  kl 10.19".</summary>
    public static string Losses(IReadOnlyDictionary<string, float> losses) =>
        string.Join("  ", losses.Select(l => $"{l.Key} {Number(l.Value)}"));

    /// <summary>"test_loss 158.30  test_bce 148.2".</summary>
    public static string Metrics(IReadOnlyDictionary<string, double> metrics) =>
        string.Join("  ", metrics.Select(m => $"{m.Key} {Number(m.Value)}"));

    private static string Number(double v) => v.ToString(Math.Abs(v) >= 100 ? "F1" : "G4", CultureInfo.InvariantCulture);
}
