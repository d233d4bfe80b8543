using KernelGen.Graph;

namespace KernelGen.Models;

public abstract partial class GenerativeModel
{
    /// <summary>The inference parts this model offers (<see cref="PartNames"/>), in the order help lists them.</summary>
    public virtual IReadOnlyList<string> InferenceParts => [];

    /// <summary>
    /// Declares inference part <paramref name="part"/> for batches of <paramref name="batch"/> (the model must be built,
    /// so its image format is known). A part the model does not have is an <see cref="ArgumentException"/> naming those it has.
    /// </summary>
    public InferencePart DeclarePart(string part, int batch = 1)
    {
        if (!IsBuilt) throw new InvalidOperationException($"Model '{Kind}' is not built yet; call Build first.");
        if (!InferenceParts.Contains(part))
            throw new ArgumentException(InferenceParts.Count == 0 ? $"Model '{Kind}' has no inference part to export."
                : $"Model '{Kind}' has no part '{part}'; its parts: {string.Join(", ", InferenceParts)}.", nameof(part));
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        var declared = DeclarePartCore(part, batch);
        foreach (var output in declared.Outputs) declared.Graph.MarkOutput(output.Tensor); // kept readable when the part is compiled
        return declared;
    }

    /// <summary>Declares one of <see cref="InferenceParts"/> (already checked).</summary>
    protected virtual InferencePart DeclarePartCore(string part, int batch) =>
        throw new NotSupportedException($"Model '{Kind}' lists part '{part}' but does not declare it.");

    /// <summary>
    /// The values inference uses for parameter <paramref name="name"/> (waits for the device): the trained ones, or
    /// their moving average where sampling uses that (a GAN's generator with a weight average).
    /// </summary>
    public virtual float[] InferenceParameter(string name)
    {
        Accelerator.Synchronize();
        return Store.Read(name);
    }

    /// <summary>A part with one output.</summary>
    protected static InferencePart Part(string part, GraphBuilder g, string output, Tensor tensor, string meaning) =>
        new(part, g, [new PartOutput(output, tensor)], meaning);
}
