using KernelGen.Models;

namespace KernelGen.Cli;

/// <summary>
/// Which use commands a model supports, decided by the capability interfaces it implements (never by its name),
/// so a model added to the registry gets every command its interfaces allow.
/// </summary>
internal static class Capability
{
    /// <summary>Each use command, the interface it needs, and the test.</summary>
    public static IReadOnlyList<(string Use, string Needs, Func<GenerativeModel, bool> Has)> Uses { get; } =
    [
        ("sample", "ISampler or IConditionalSampler", m => m is ISampler or IConditionalSampler),
        ("reconstruct", "IReconstructor", m => m is IReconstructor),
        ("interpolate", "ILatentModel or IDecoder", m => m is ILatentModel or IDecoder),
        ("arithmetic", "ILatentModel", m => m is ILatentModel),
        ("latent-plot", "ILatentModel", m => m is ILatentModel),
        ("anomaly", "IReconstructor", m => m is IReconstructor),
        ("summary", "any model", _ => true),
        ("export", "an inference part", m => m.InferenceParts.Count > 0),
    ];

    /// <summary>The use commands <paramref name="model"/> supports.</summary>
    public static IReadOnlyList<string> Of(GenerativeModel model) => Uses.Where(u => u.Has(model)).Select(u => u.Use).ToList();

    /// <summary>Throws a one-line <see cref="ArgumentException"/> unless <paramref name="model"/> supports <paramref name="use"/>.</summary>
    public static void Require(GenerativeModel model, string use, string checkpoint)
    {
        var entry = Uses.First(u => u.Use == use);
        if (!entry.Has(model))
            throw new ArgumentException($"Checkpoint '{checkpoint}' holds a '{model.Kind}' model, which cannot {use} (that needs {entry.Needs}); it can: {string.Join(", ", Of(model))}.");
    }
}
