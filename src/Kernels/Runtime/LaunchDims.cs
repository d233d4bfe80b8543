namespace KernelGen;

/// <summary>The resolved sizes of one launch, as a backend receives them.</summary>
public readonly record struct LaunchDims(Index2D Extent, Index2D GridDim, Index2D GroupDim);
