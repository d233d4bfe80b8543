namespace KernelGen;

/// <summary>How a kernel is launched.</summary>
public enum KernelShape
{
    /// <summary>Once per index of a one-dimensional extent; first parameter <see cref="Index1D"/>.</summary>
    Index1D,
    /// <summary>Once per index of a two-dimensional extent; first parameter <see cref="Index2D"/>.</summary>
    Index2D,
    /// <summary>Explicit grid and group sizes; the kernel reads <see cref="Grid"/> and <see cref="Group"/>.</summary>
    Grouped,
}
