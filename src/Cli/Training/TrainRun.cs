using System.Globalization;
using System.Text.RegularExpressions;
using KernelGen.Distributed;
using KernelGen.Graph.Checkpoints;
using KernelGen.Models;
using KernelGen.Models.Data;
using KernelGen.Models.Training;

namespace KernelGen.Cli;

/// <summary>
/// Runs <c>kernelgen train</c>: checks everything that can be wrong (model, options, data, output folder,
/// checkpoint to resume, device) before the first write, then trains with live progress and says where the
/// images are. Exit code 0 when done, 130 when interrupted (after saving a checkpoint), 2 for bad input, 1 when
/// training diverged (the last good checkpoint kept) or a write failed.
/// </summary>
internal static partial class TrainRun
{
    public static int Execute(TrainSettings s)
    {
        DataParallelLaunch.Check(s);
        var entry = ModelRegistry.Get(s.Model);
        var given = s.ModelOptions(entry);
        var options = ModelRegistry.ParseOptions(entry, given);
        var spec = DataSpec.Parse(s.Data);
        var folder = new RunFolder(s.Out ?? RunFolder.Default(entry.Name, DataName(spec)));
        if (s.Classes is { } declared && spec.Source != DataSource.IdxFiles && declared != Mnist.Classes)
            throw new ArgumentException($"--classes {declared} does not fit --data {s.Data}, which has {Mnist.Classes} classes; --classes is for IDX data given by PATH.");
        var data = Limit(Load(spec, s.Classes), s.Limit);
        using var accelerator = DeviceChoice.Open(s.Device, s.DataParallel ? DataParallel.LocalRank : 0);
        using var dp = s.DataParallel ? DataParallelLaunch.Start(accelerator, s) : null;
        bool writer = dp is null || dp.Communicator.Rank == 0; // data-parallel, rank 0 alone writes and reports
        int code = Train(s, entry, given, options, spec, folder, data, accelerator, dp, writer);
        dp?.Finish(); // every rank got here: leave MPI together
        return code;
    }

    private static int Train(TrainSettings s, ModelRegistry.Entry entry, Dictionary<string, string> given, ModelOptions options, DataSpec spec,
        RunFolder folder, DataSplits data, Accelerator accelerator, DataParallel? dp, bool writer)
    {
        var image = $"{data.Train.Rows}x{data.Train.Cols}x{data.Train.Classes}";

        // Everything that can refuse the run comes before the folder is created or locked, so a refused run leaves
        // nothing behind. Reading the checkpoint first is safe: it is only ever replaced whole (renamed over).
        var meta = s.Resume ? folder.ReadCheckpoint() : null;
        int startEpoch = 0, startBatch = 0;
        if (meta is not null)
        {
            options = folder.ResumeOptions(meta, entry, given, data.Train.Name, image);
            (startEpoch, startBatch) = Trainer.Position(meta, folder.Checkpoint, data.Train.Count / options.BatchSize);
        }
        if (meta is not null && startEpoch >= s.Epochs && startBatch == 0)
        {
            if (!writer) return 0;
            Terminal.Line($"{folder.Checkpoint} has already trained {startEpoch} epoch(s); pass --epochs N with N > {startEpoch} to train further.");
            using (folder.Lock()) CatchUp(folder, meta, startEpoch, $"{entry.Name} on {DataName(spec)}");
            PrintOutputs(folder, entry, options, s, interrupted: false);
            return 0;
        }
        CheckBatchFits(options.BatchSize, data.Train, s);
        using var model = Build(entry, options, accelerator, data.Train, s, meta is not null ? folder.Checkpoint : null, dp);
        CheckGridFits(model, s);
        if (!writer) return DataParallelLaunch.TrainQuietly(model, data, s, folder, meta is not null, dp!);
        using var judge = GanWatch.OpenJudge(s.Judge, entry, data.Train, accelerator);
        var monitor = model is Models.Gans.GanModel gan ? new Models.Gans.GanMonitor(gan, judge) : null;
        EnsureWritable(folder.Directory);
        using var runLock = folder.Lock();
        if (s.Resume && !SameCheckpoint(meta, folder.ReadCheckpoint()))
            throw new ArgumentException($"The checkpoint in '{folder.Directory}' changed while this run was starting (another run saved it); run the command again.");
        if (!s.Resume) folder.CheckFresh(s.Overwrite);
        else if (meta is null)
        {
            int left = folder.RunFiles().Count;
            Terminal.Line($"No checkpoint in {folder.Directory} to resume from; starting afresh" +
                (left > 0 ? $" (replacing the {left} file(s) an earlier run left there)." : "."));
        }

        int batchesPerEpoch = data.Train.Count / model.Options.BatchSize;
        var trainer = new Trainer(model, data, OptionsFor(s, folder, meta is not null, batchesPerEpoch) with
        {
            EpochMetrics = monitor is null ? null : monitor.JudgeSamples,
        });
        runLock.Announce();
        AtomicFile.DeleteLeftovers(folder.Directory); // half-written files of a run killed mid-write
        if (meta is null) folder.DeleteRunFiles();
        trainer.EpochCompleted += r => LossCurve.Write(folder.MetricsJson, folder.LossCurve, $"{entry.Name} on {DataName(spec)}");

        Terminal.Line($"Training {entry.Name} ({OptionsText(entry, model.Options)}) on {DataName(spec)} " +
            $"({data.Train.Count} training / {data.Test.Count} test images of {data.Train.Rows}×{data.Train.Cols}) " +
            $"with {accelerator.Device.Id} ({accelerator.Device.Name}), epochs {startEpoch + 1}..{s.Epochs}" +
            (meta is not null ? $", resuming from epoch {startEpoch}{(startBatch > 0 ? $" batch {startBatch}" : "")}" : "") +
            $" → {folder.Directory}");
        if (dp is not null)
            Terminal.Line($"Data-parallel over {dp.Communicator.Size} rank(s), {model.LocalBatch} of the {model.Options.BatchSize} images of each batch per rank; gradients: {dp.Transport}.");
        if (monitor is { JudgesCoverage: false } && model is Models.ISampler)
            Terminal.Line("Watching for vanishing gradients and oscillation; pass --judge CHECKPOINT (a classifier) to watch for mode collapse too.");
        using var interruption = new Interruption(dp is null ? null : () => DataParallelLaunch.SignalNote(dp, folder));
        TrainResult result;
        try
        {
            result = TrainDisplay.Run(trainer, s.Epochs, batchesPerEpoch, interruption, monitor is null ? null : r =>
            {
                if (monitor.Health.History.Count == 0 && r.Epoch > 1) monitor.Replay(trainer.Metrics, r.Epoch);
                return monitor.Observe(r).Select(w => w.Message);
            });
        }
        catch (TrainingDivergedException e)
        {
            CliErrors.Report($"{e.Message} {Advice(e, folder, entry, model.Options, s)}");
            return Failure.ExitCode;
        }
        PrintOutputs(folder, entry, model.Options, s, result.Interrupted);
        if (dp is not null) Terminal.Line(DataParallelLaunch.ExchangeSummary(dp, result));
        return result.Interrupted ? CliErrors.Interrupted : 0;
    }

    /// <summary>How the trainer runs for this command line (the same on every rank of a data-parallel run).</summary>
    internal static TrainerOptions OptionsFor(TrainSettings s, RunFolder folder, bool resume, int batchesPerEpoch) => new()
    {
        Epochs = s.Epochs,
        OutputDirectory = folder.Directory,
        Resume = resume,
        ReportEvery = Math.Max(1, batchesPerEpoch / 20),
        GridImages = s.Samples,
    };

    /// <summary>Loads the data; a label past the class count of IDX data given by PATH says how to declare more classes.</summary>
    private static DataSplits Load(DataSpec spec, int? classes)
    {
        try
        {
            return spec.Load(classes);
        }
        catch (FileFormatException e) when (spec.Source == DataSource.IdxFiles && e.Message.Contains(IdxReader.LabelOutsideClasses, StringComparison.Ordinal))
        {
            throw new FileFormatException($"{e.Message} Data given by PATH has {classes ?? DataSpec.DefaultClasses} classes unless --classes N says otherwise.", e);
        }
    }

    /// <summary>The model tokens as typed less any --learning-rate (the advice gives its own --lr).</summary>
    private static IEnumerable<string> WithoutRate(IReadOnlyList<string> tokens)
    {
        const string rate = "--learning-rate";
        for (int i = 0; i < tokens.Count; i++)
        {
            if (tokens[i] == rate) { i++; continue; }
            if (tokens[i].StartsWith(rate + "=", StringComparison.Ordinal)) continue;
            yield return tokens[i];
        }
    }

    /// <summary>Whether two reads of the checkpoint saw the same one (none, or the same position and step counts).</summary>
    private static bool SameCheckpoint(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b) =>
        a is null || b is null ? a is null && b is null
        : new[] { "epoch", "batch", "model_steps" }.All(k => a.GetValueOrDefault(k) == b.GetValueOrDefault(k));

    /// <summary>A complete run whose metrics a kill left behind its checkpoint: the metrics files, loss curve and leftovers are brought in line.</summary>
    private static void CatchUp(RunFolder folder, IReadOnlyDictionary<string, string> meta, int epochs, string title)
    {
        MetricsLog.Resume(meta, folder.Directory, epochs, folder.Checkpoint).WriteFiles(folder.Directory);
        LossCurve.Write(folder.MetricsJson, folder.LossCurve, title);
        AtomicFile.DeleteLeftovers(folder.Directory);
    }

    /// <summary>A batch larger than the training set is refused before anything is allocated, naming the flag as typed.</summary>
    private static void CheckBatchFits(int batch, Dataset train, TrainSettings s)
    {
        if (batch <= train.Count) return;
        var flag = s.Batch is not null ? "--batch" : "--batch-size";
        throw new ArgumentException($"{flag} {batch} is larger than the {train.Count} training images of {train.Name}; accepted: 1 to {train.Count}.");
    }

    /// <summary>A --samples grid the model cannot draw is refused before training, naming the flag.</summary>
    private static void CheckGridFits(GenerativeModel model, TrainSettings s)
    {
        try
        {
            Trainer.CheckGridFits(model, s.Samples);
        }
        catch (SizeLimitException e)
        {
            throw new ArgumentException($"--samples {s.Samples} is too many for this model: {e.Message}", e);
        }
    }

    /// <summary>Creates and builds the model; sizes no tensor or device can hold are one line naming the options given.</summary>
    private static GenerativeModel Build(ModelRegistry.Entry entry, ModelOptions options, Accelerator accelerator, Dataset train, TrainSettings s, string? checkpoint, DataParallel? dp)
    {
        var model = entry.Create(options);
        model.CheckFinite = s.CheckFinite;
        try
        {
            if (dp is not null) DataParallelLaunch.Join(model, dp, s);
            model.Build(accelerator, train);
            return model;
        }
        catch (SizeLimitException e)
        {
            model.Dispose();
            var typed = string.Join(" ", new[] { s.Batch is { } b ? $"--batch {b}" : null }.OfType<string>().Concat(s.ModelTokens));
            var which = checkpoint is not null ? $"with the options of checkpoint '{checkpoint}'"
                : typed.Length > 0 ? $"with {typed}" : "with its default options";
            throw new ArgumentException($"Model '{entry.Name}' {which} does not fit on {accelerator.Device.Id}: {e.Message} Choose smaller sizes.", e);
        }
    }

    /// <summary>What to do after a divergence: resume the last good checkpoint, or start again, with a tenth of the rate.</summary>
    private static string Advice(TrainingDivergedException e, RunFolder folder, ModelRegistry.Entry entry, ModelOptions options, TrainSettings s)
    {
        var lower = (options.LearningRate / 10).ToString("G3", CultureInfo.InvariantCulture);
        return e.LastCheckpointEpoch is { } epoch
            ? $"The last good checkpoint (epoch {epoch}) is kept in {folder.Checkpoint}; resume it with a lower rate: {Command(entry, folder, s, "--resume")} --lr {lower}"
            : $"No checkpoint was written; start again with a lower rate: {Command(entry, folder, s, "--overwrite")} --lr {lower}";
    }

    /// <summary>
    /// "kernelgen train MODEL FLAG --out DIR [--data …] … --epochs N": the command that continues (--resume: the
    /// model's options come from the checkpoint) or restarts (--overwrite: with the options typed) this run.
    /// </summary>
    private static string Command(ModelRegistry.Entry entry, RunFolder folder, TrainSettings s, string flag) =>
        $"kernelgen train {entry.Name} {flag} --out {folder.Directory}" +
        (flag == "--overwrite" ? string.Concat(WithoutRate(s.ModelTokens).Select(t => " " + t)) + (s.Batch is { } b ? $" --batch {b}" : "") +
            (s.Seed is { } seed ? $" --seed {seed}" : "") : "") +
        (s.Device != "auto" ? $" --device {s.Device}" : "") +
        (s.Data != "mnist" ? $" --data {s.Data}" : "") + (s.Classes is { } c ? $" --classes {c}" : "") +
        (s.Samples != TrainerOptions.DefaultGridImages ? $" --samples {s.Samples}" : "") + (s.Limit is { } n ? $" --limit {n}" : "") + $" --epochs {s.Epochs}";

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
        : new DataSplits(data.Train.First(n), data.Test.First(n));


    private static string OptionsText(ModelRegistry.Entry entry, ModelOptions options) =>
        string.Join(" ", ModelRegistry.Options(entry).Select(o => $"--{o.Option} {ModelOptionTokens.Format(o.Property.GetValue(options))}"));

    private static void PrintOutputs(RunFolder folder, ModelRegistry.Entry entry, ModelOptions options, TrainSettings s, bool interrupted)
    {
        var latest = folder.RunFiles().Where(f => f.EndsWith(".png", StringComparison.Ordinal))
            .GroupBy(f => EpochSuffix().Replace(Path.GetFileName(f), "")).Select(g => g.Max(StringComparer.Ordinal)!).Order(StringComparer.Ordinal).ToList();
        if (interrupted)
            Terminal.Line($"Interrupted: checkpoint saved to {folder.Checkpoint}. Continue with: {Command(entry, folder, s, "--resume")}");
        if (latest.Count > 0)
        {
            Terminal.Line("Images:");
            foreach (var f in latest) Terminal.Line($"  {f}");
        }
        if (File.Exists(folder.LossCurve)) Terminal.Line($"Loss curve: {folder.LossCurve}");
        if (File.Exists(folder.MetricsJson)) Terminal.Line($"Metrics: {Path.Combine(folder.Directory, "metrics.csv")} and metrics.jsonl");
        if (File.Exists(folder.Checkpoint)) Terminal.Line($"Checkpoint: {folder.Checkpoint}  ({Hint(entry, options, folder.Checkpoint)})");
    }

    /// <summary>"try: kernelgen sample --checkpoint FILE; it can also …": the use commands this model supports, never one it cannot do.</summary>
    private static string Hint(ModelRegistry.Entry entry, ModelOptions options, string checkpoint)
    {
        using var model = entry.Create(options);
        var uses = Capability.Of(model);
        var first = uses[0];
        var others = uses.Skip(1).ToList();
        return $"try: kernelgen {first} --checkpoint {checkpoint}" + (others.Count > 0 ? $"; it can also: {string.Join(", ", others)}" : "");
    }

    [GeneratedRegex(@"-epoch\d+\.png$")]
    private static partial Regex EpochSuffix();
}
