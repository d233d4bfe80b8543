using System.Text.Json;
using KernelGen.Graph.Checkpoints;
using KernelGen.Models;
using KernelGen.Models.Training;

namespace KernelGen.Cli;

/// <summary>
/// The output folder of a training run and the checks made on it before anything is written: a fresh run does
/// not mix its files with an earlier run's (unless told to overwrite), and a resumed run continues only a
/// checkpoint of the same model kind, options, data and image format.
/// </summary>
internal sealed class RunFolder(string directory)
{
    /// <summary>The folder.</summary>
    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>The checkpoint the trainer writes and resumes from.</summary>
    public string Checkpoint => Path.Combine(Directory, TrainerOptions.CheckpointFile);

    /// <summary>The loss-curve plot, rewritten each epoch.</summary>
    public string LossCurve => Path.Combine(Directory, "loss.svg");

    /// <summary>The metrics, one JSON object per epoch (written by the trainer).</summary>
    public string MetricsJson => Path.Combine(Directory, "metrics.jsonl");

    /// <summary>The default folder of a run: <c>runs/MODEL-DATA</c>.</summary>
    public static string Default(string model, string dataName) => Path.Combine("runs", $"{model}-{dataName}");

    /// <summary>Files an earlier run left here (checkpoint, metrics, epoch images, loss curve).</summary>
    public IReadOnlyList<string> RunFiles()
    {
        if (!System.IO.Directory.Exists(Directory)) return [];
        string[] patterns = [TrainerOptions.CheckpointFile, "metrics.csv", "metrics.jsonl", "loss.svg", "samples-epoch*.png", "reconstructions-epoch*.png"];
        return patterns.SelectMany(p => System.IO.Directory.GetFiles(Directory, p)).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>For a fresh run: refuses a folder holding an earlier run unless <paramref name="overwrite"/> (nothing is deleted here).</summary>
    public void CheckFresh(bool overwrite)
    {
        var files = RunFiles();
        if (files.Count == 0 || overwrite) return;
        throw new ArgumentException(
            $"Output folder '{Directory}' already holds a run ({string.Join(", ", files.Take(3).Select(Path.GetFileName))}{(files.Count > 3 ? ", …" : "")}); " +
            "pass --resume to continue it, --overwrite to delete it and start over, or --out DIR for another folder.");
    }

    /// <summary>
    /// Locks the folder for this run: a second run into it is refused, naming this one.
    /// </summary>
    public RunFolderLock Lock()
    {
        return RunFolderLock.Acquire(Directory);
    }

    /// <summary>Deletes an earlier run's files (for <c>--overwrite</c>, once every other check has passed).</summary>
    public void DeleteRunFiles()
    {
        foreach (var f in RunFiles()) File.Delete(f);
    }

    /// <summary>The metadata of the checkpoint to resume from, or null when there is none.</summary>
    public IReadOnlyDictionary<string, string>? ReadCheckpoint() =>
        File.Exists(Checkpoint) ? SafeTensors.Read(Checkpoint).Metadata : null;

    /// <summary>
    /// The options to resume with: the checkpoint's, after checking that it holds model <paramref name="entry"/>,
    /// that every option given on the command line has the checkpoint's value, and that the data and image format match.
    /// </summary>
    public ModelOptions ResumeOptions(IReadOnlyDictionary<string, string> meta, ModelRegistry.Entry entry,
        IReadOnlyDictionary<string, string> given, string dataName, string imageFormat)
    {
        var kind = meta.GetValueOrDefault("model");
        if (kind != entry.Name)
            throw new ArgumentException($"Cannot resume: checkpoint '{Checkpoint}' holds a '{kind ?? "(unknown)"}' model, not '{entry.Name}'; " +
                $"train '{kind}' to continue it, or pass --out DIR for a new '{entry.Name}' run.");
        var saved = ModelRegistry.ReadOptions(entry, meta.GetValueOrDefault("options"), Checkpoint);
        var wanted = ModelRegistry.ParseOptions(entry, given);
        var properties = ModelRegistry.Options(entry).ToDictionary(o => o.Option, o => o.Property);
        var rate = ModelRegistry.Kebab(nameof(ModelOptions.LearningRate));
        var differ = given.Keys.Where(name => name != rate) // a diverged run resumes with a lower rate
            .Select(name => (name, mine: Json(properties[name].GetValue(wanted)), theirs: Json(properties[name].GetValue(saved))))
            .Where(d => d.mine != d.theirs).ToList();
        if (differ.Count > 0)
            throw new ArgumentException($"Cannot resume: checkpoint '{Checkpoint}' was trained with " +
                $"{string.Join(", ", differ.Select(d => $"--{d.name} {d.theirs}"))}, not {string.Join(", ", differ.Select(d => $"--{d.name} {d.mine}"))}; " +
                "leave the options out to continue with the checkpoint's, or pass --out DIR for a new run.");
        if (meta.TryGetValue("data", out var data) && data != dataName)
            throw new ArgumentException($"Cannot resume: checkpoint '{Checkpoint}' was trained on '{data}', not '{dataName}'; pass the same --data, or --out DIR for a new run.");
        if (meta.TryGetValue("image", out var image) && image != imageFormat)
            throw new ArgumentException($"Cannot resume: checkpoint '{Checkpoint}' was trained on images {image} (rows x cols x classes), but the data has {imageFormat}.");
        return given.ContainsKey(rate) ? saved with { LearningRate = wanted.LearningRate } : saved;
    }

    private static string Json(object? value) => JsonSerializer.Serialize(value).Trim('"');
}
