namespace KernelGen;

/// <summary>Grid and group sizes of an explicitly grouped launch.</summary>
/// <param name="GridDim">Number of groups along X and Y.</param>
/// <param name="GroupDim">Threads per group along X and Y.</param>
public readonly record struct KernelConfig(Index2D GridDim, Index2D GroupDim)
{
    /// <summary>A one-dimensional configuration.</summary>
    public KernelConfig(int groups, int threadsPerGroup) : this(new Index2D(groups, 1), new Index2D(threadsPerGroup, 1)) { }
}
