using System.Globalization;
using System.Text.RegularExpressions;
using KernelGen.Models;
using KernelGen.Models.Data;
using KernelGen.Models.Training;

namespace KernelGen.Cli;

/// <summary>
/// Runs <c>kernelgen train</c>: checks everything that can be wrong (model, options, data, output folder,
/// checkpoint to resume, device) before the first write, then trains with live progress and says where the
/// images are. Exit code 0 when done, 130 when interrupted (after saving a checkpoint), 2 for bad input.
/// </summary>
internal static partial class TrainRun
{
    public static int Execute(TrainSettings s)
    {
        var entry = ModelRegistry.Get(s.Model);
        var given = s.ModelOptions(entry);
        var options = ModelRegistry.ParseOptions(entry, given);
        if (s.Epochs < 1) throw new ArgumentException($"--epochs {s.Epochs} is out of range; at least 1 is needed.");
        if (s.Limit is < 1) throw new ArgumentException($"--limit {s.Limit} is out of range; at least 1 is needed.");
        var spec = DataSpec.Parse(s.Data);
        var folder = new RunFolder(s.Out ?? RunFolder.Default(entry.Name, DataName(spec)));
        var data = Limit(spec.Load(), s.Limit);
        using var accelerator = DeviceChoice.Open(s.Device);
        EnsureWritable(folder.Directory);
        if (!s.Resume) folder.CheckFresh(s.Overwrite);
        var image = $"{data.Train.Rows}x{data.Train.Cols}x{data.Train.Classes}";

        var meta = s.Resume ? folder.ReadCheckpoint() : null;
        int startEpoch = 0, startBatch = 0;
        if (meta is not null)
        {
            options = folder.ResumeOptions(meta, entry, given, data.Train.Name, image);
            startEpoch = int.Parse(meta.GetValueOrDefault("epoch", "0"), CultureInfo.InvariantCulture);
            startBatch = int.Parse(meta.GetValueOrDefault("batch", "0"), CultureInfo.InvariantCulture);
        }
        else if (s.Resume)
        {
            folder.CheckFresh(s.Overwrite);
            Terminal.Line($"No checkpoint in {folder.Directory} to resume from; starting afresh.");
        }
        if (meta is not null && startEpoch >= s.Epochs && startBatch == 0)
        {
            Terminal.Line($"{folder.Checkpoint} has already trained {startEpoch} epoch(s); pass --epochs N with N > {startEpoch} to train further.");
            PrintOutputs(folder, entry, s, interrupted: false);
            return 0;
        }

        using var model = entry.Create(options);
        model.Build(accelerator, data.Train);
        int batchesPerEpoch = data.Train.Count / model.Options.BatchSize;
        var trainer = new Trainer(model, data, new TrainerOptions
        {
            Epochs = s.Epochs,
            OutputDirectory = folder.Directory,
            Resume = meta is not null,
            ReportEvery = Math.Max(1, batchesPerEpoch / 20),
        });
        if (meta is null) folder.DeleteRunFiles();
        trainer.EpochCompleted += r => LossCurve.Write(folder.MetricsJson, folder.LossCurve, $"{entry.Name} on {DataName(spec)}");

        Terminal.Line($"Training {entry.Name} ({OptionsText(entry, model.Options)}) on {DataName(spec)} " +
            $"({data.Train.Count} training / {data.Test.Count} test images of {data.Train.Rows}×{data.Train.Cols}) " +
            $"with {accelerator.Device.Id} ({accelerator.Device.Name}), epochs {startEpoch + 1}..{s.Epochs}" +
            (meta is not null ? $", resuming from epoch {startEpoch}{(startBatch > 0 ? $" batch {startBatch}" : "")}" : "") +
            $" → {folder.Directory}");
        using var interruption = new Interruption();
        var result = TrainDisplay.Run(trainer, s.Epochs, batchesPerEpoch, interruption.Token);
        PrintOutputs(folder, entry, s, result.Interrupted);
        return result.Interrupted ? CliErrors.Interrupted : 0;
    }

    /// <summary>The short name of the data for folder names and titles: mnist, fashion-mnist, or the folder's name.</summary>
    public static string DataName(DataSpec spec) =>
        spec.Source == DataSource.IdxFiles ? Path.GetFileName(Path.TrimEndingDirectorySeparator(spec.Path!)) : spec.ToString();

    private static void EnsureWritable(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".kernelgen-write-test-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"Output folder '{directory}' cannot be written ({e.Message}); pass --out with a writable folder.", e);
        }
    }

    private static DataSplits Limit(DataSplits data, int? limit) => limit is not { } n ? data
        : new DataSplits(Slice(data.Train, n), Slice(data.Test, n));

    private static Dataset Slice(Dataset d, int count) => count >= d.Count ? d
        : new Dataset(d.Name, d.Images[..(count * d.PixelsPerImage)], d.Labels[..count], d.Rows, d.Cols, d.Classes);

    private static string OptionsText(ModelRegistry.Entry entry, ModelOptions options) =>
        string.Join(" ", ModelRegistry.Options(entry).Select(o => $"--{o.Option} {ModelOptionTokens.Format(o.Property.GetValue(options))}"));

    private static void PrintOutputs(RunFolder folder, ModelRegistry.Entry entry, TrainSettings s, bool interrupted)
    {
        var latest = folder.RunFiles().Where(f => f.EndsWith(".png", StringComparison.Ordinal))
            .GroupBy(f => EpochSuffix().Replace(Path.GetFileName(f), "")).Select(g => g.Max(StringComparer.Ordinal)!).Order(StringComparer.Ordinal).ToList();
        if (interrupted)
            Terminal.Line($"Interrupted: checkpoint saved to {folder.Checkpoint}. Continue with: kernelgen train {entry.Name} --resume --out {folder.Directory}" +
                (s.Data != "mnist" ? $" --data {s.Data}" : "") + (s.Limit is { } n ? $" --limit {n}" : "") + $" --epochs {s.Epochs}");
        if (latest.Count > 0)
        {
            Terminal.Line("Images:");
            foreach (var f in latest) Terminal.Line($"  {f}");
        }
        if (File.Exists(folder.LossCurve)) Terminal.Line($"Loss curve: {folder.LossCurve}");
        if (File.Exists(folder.MetricsJson)) Terminal.Line($"Metrics: {Path.Combine(folder.Directory, "metrics.csv")} and metrics.jsonl");
        if (File.Exists(folder.Checkpoint)) Terminal.Line($"Checkpoint: {folder.Checkpoint}  (try: kernelgen sample --checkpoint {folder.Checkpoint})");
    }

    [GeneratedRegex(@"-epoch\d+\.png$")]
    private static partial Regex EpochSuffix();
}
