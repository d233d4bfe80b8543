using KernelGen.Graph.Checkpoints;
using KernelGen.Kernels;

namespace KernelGen.Models.Interchange;

/// <summary>
/// Builds a KernelGen checkpoint from a PyTorch twin's state_dict saved as safetensors (names through
/// <see cref="TorchNames"/>; layouts are PyTorch's already). The checkpoint is that of a freshly built model with
/// the imported weights: no training steps, zeroed optimizer moments, and a generator average (when the model keeps
/// one) equal to the imported generator. Every name and shape is checked before anything is written.
/// </summary>
public static class TorchImport
{
    private const int ListedPerKind = 8;

    /// <summary>
    /// Writes to <paramref name="checkpoint"/> (atomically) the model <paramref name="entry"/> with
    /// <paramref name="options"/>, built for rows × cols images of <paramref name="classes"/> classes on the CPU,
    /// holding the tensors of <paramref name="stateDict"/>.
    /// </summary>
    /// <exception cref="FileFormatException">The state_dict file is not valid safetensors of F32 tensors (file and offset named).</exception>
    /// <exception cref="InvalidDataException">It is a KernelGen checkpoint, or its tensors do not fit the model (each missing, extra or misshapen tensor named).</exception>
    /// <exception cref="ArgumentException">The output cannot be written.</exception>
    public static void FromSafeTensors(string stateDict, ModelRegistry.Entry entry, ModelOptions options, int rows, int cols, int classes, string checkpoint)
    {
        var output = ImportOutput.Check(stateDict, checkpoint);
        var (tensors, metadata) = SafeTensors.Read(stateDict, TorchNames.IsBookkeeping);
        RefuseCheckpoint(stateDict, tensors, metadata);
        using var context = Context.Create(Backend.Cpu);
        using var accelerator = context.GetDevice("cpu").CreateAccelerator();
        using var model = entry.Create(options);
        model.Build(accelerator, rows, cols, classes);
        var byKernelGenName = Matched(stateDict, entry, model, tensors);
        foreach (var spec in model.Store.Specs) model.Store.Write(spec.Name, byKernelGenName[spec.Name]);
        foreach (var group in model.Store.Groups.Where(g => g.Optimizer is not null))
            group.UseOptimizer(group.Optimizer!); // zeroed moments; the parameter average starts at the imported weights
        ImportOutput.Write(output, () => model.Save(output, new Dictionary<string, string> { ["imported_from"] = $"torch-safetensors:{Path.GetFileName(stateDict)}" }));
    }

    private static void RefuseCheckpoint(string path, Dictionary<string, SafeTensors.Entry> tensors, Dictionary<string, string> metadata)
    {
        if (metadata.TryGetValue("model", out var kind) && tensors.Keys.Any(k => k.StartsWith("param:", StringComparison.Ordinal)))
            throw new InvalidDataException($"'{path}' is a KernelGen checkpoint of a '{kind}' model, not a PyTorch state_dict: use it with --checkpoint as it is, or turn it into one with scripts/export_torch.py.");
    }

    /// <summary>The file's tensors by KernelGen name, after checking that they are exactly the model's, shape for shape.</summary>
    private static Dictionary<string, float[]> Matched(string path, ModelRegistry.Entry entry, GenerativeModel model, Dictionary<string, SafeTensors.Entry> tensors)
    {
        var given = tensors.ToDictionary(t => TorchNames.ToKernelGen(entry.Name, t.Key), t => (TwinName: t.Key, t.Value));
        var specs = model.Store.Specs;
        var missing = specs.Where(s => !given.ContainsKey(s.Name)).Select(s => $"{TorchNames.ToTwin(entry.Name, s.Name)} ({Dims(s.Shape.ToArray())})").ToList();
        var extra = given.Keys.Where(n => !model.Store.Contains(n)).Select(n => given[n].TwinName).ToList();
        var misshapen = specs.Where(s => given.TryGetValue(s.Name, out var t) && !t.Value.Shape.SequenceEqual(s.Shape.ToArray()))
            .Select(s => $"{given[s.Name].TwinName} is ({Dims(given[s.Name].Value.Shape)}), expected ({Dims(s.Shape.ToArray())})").ToList();
        if (missing.Count + extra.Count + misshapen.Count == 0)
            return given.ToDictionary(g => g.Key, g => g.Value.Value.Data);
        var problems = new List<string>();
        if (missing.Count == specs.Count && given.Count > 0)
            problems.Add($"none of its {given.Count} tensors is one of this model's (is it another model's state_dict?)");
        if (missing.Count > 0) problems.Add($"missing {Listed(missing)}");
        if (extra.Count > 0) problems.Add($"extra {Listed(extra)}");
        if (misshapen.Count > 0) problems.Add($"wrong shape: {Listed(misshapen, "; ")}");
        throw new InvalidDataException($"State dict '{path}' does not fit model '{entry.Name}' with these options: {string.Join("; ", problems)}.");
    }

    private static string Listed(List<string> items, string separator = ", ") =>
        string.Join(separator, items.Take(ListedPerKind)) + (items.Count > ListedPerKind ? $" and {items.Count - ListedPerKind} more" : "");

    private static string Dims(int[] shape) => string.Join(", ", shape);
}
