namespace KernelGen;

/// <summary>A one-dimensional kernel index: the global thread index of an index-launched kernel.</summary>
/// <param name="X">The index.</param>
public readonly record struct Index1D(int X)
{
    /// <summary>The index as an <see cref="int"/>.</summary>
    public static implicit operator int(Index1D index) => index.X;

    /// <summary>An extent or index from an <see cref="int"/>.</summary>
    public static implicit operator Index1D(int x) => new(x);
}

/// <summary>A two-dimensional kernel index or extent (X fastest).</summary>
/// <param name="X">The fast (column) coordinate.</param>
/// <param name="Y">The slow (row) coordinate.</param>
public readonly record struct Index2D(int X, int Y)
{
    /// <summary>Number of points in the extent.</summary>
    public long Size => (long)X * Y;
}
