using System.Text.Json;

namespace KernelGen.Models.Interchange;

/// <summary>
/// KernelGen's tensor names and those of each model's PyTorch twin (scripts/interchange/torch_twins.py), from the
/// per-model layer map of scripts/interchange/torch_names.json: a tensor <c>LAYER.SUFFIX</c> of a mapped layer is
/// <c>TWIN.SUFFIX</c> in the twin's state_dict; unmapped layers keep their names.
/// </summary>
public static class TorchNames
{
    /// <summary>PyTorch's BatchNorm counter (I64), which KernelGen does not keep: ignored on import.</summary>
    public const string Bookkeeping = "num_batches_tracked";

    /// <summary>Whether the twin's tensor <paramref name="name"/> is a <see cref="Bookkeeping"/> counter.</summary>
    public static bool IsBookkeeping(string name) => name == Bookkeeping || name.EndsWith("." + Bookkeeping, StringComparison.Ordinal);

    private static readonly Lazy<Dictionary<string, Dictionary<string, string>>> Layers = new(Load);

    /// <summary>The twin's name of KernelGen tensor <paramref name="name"/> of model <paramref name="model"/>.</summary>
    public static string ToTwin(string model, string name) => Rename(name, LayerMap(model));

    /// <summary>KernelGen's name of the twin's tensor <paramref name="name"/> of model <paramref name="model"/>.</summary>
    public static string ToKernelGen(string model, string name) =>
        Rename(name, LayerMap(model).ToDictionary(kv => kv.Value, kv => kv.Key));

    /// <summary>Whether <paramref name="model"/> has a twin (an entry in the map, possibly empty).</summary>
    public static bool HasTwin(string model) => Layers.Value.ContainsKey(model);

    private static Dictionary<string, string> LayerMap(string model) =>
        Layers.Value.TryGetValue(model, out var map) ? map
        : throw new ArgumentException($"Model '{model}' has no PyTorch twin; twins: {string.Join(", ", Layers.Value.Keys)}.");

    private static string Rename(string name, IReadOnlyDictionary<string, string> layers)
    {
        int dot = name.LastIndexOf('.');
        if (dot < 0) return name;
        return layers.TryGetValue(name[..dot], out var renamed) ? renamed + name[dot..] : name;
    }

    private static Dictionary<string, Dictionary<string, string>> Load()
    {
        using var stream = typeof(TorchNames).Assembly.GetManifestResourceStream("KernelGen.Models.Interchange.torch_names.json")
            ?? throw new InvalidOperationException("The embedded torch_names.json is missing from KernelGen.Models.");
        using var doc = JsonDocument.Parse(stream);
        return doc.RootElement.GetProperty("models").EnumerateObject().ToDictionary(m => m.Name,
            m => m.Value.EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString()!));
    }
}
