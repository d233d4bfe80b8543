namespace KernelGen.Graph;

/// <summary>How graphs are compiled.</summary>
public sealed record CompileOptions
{
    /// <summary>Seed of parameter initialization and of the graphs' random streams.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>After each forward node, check its outputs for NaN or ±∞ and name the first node that produced one (slower; opt-in).</summary>
    public bool CheckFinite { get; init; }
}
