namespace KernelGen.Kernels;

/// <summary>
/// The compile-time sizes of one <see cref="GemmKernels.Tile{TTile}"/> variant, read in the kernel as
/// <c>default(TTile).Size</c> and so on; each implementation returns constants, which the generator folds into
/// the variant's CUDA and OpenCL source.
/// </summary>
public interface IGemmTileShape
{
    /// <summary>Rows and columns of C per group.</summary>
    int Size { get; }

    /// <summary>Depth of the shared A and B tiles.</summary>
    int Depth { get; }

    /// <summary>Rows and columns of C per thread: Size / <see cref="GemmKernels.Threads"/>.</summary>
    int Block { get; }

    /// <summary>Row length of a shared tile: Size + <see cref="GemmKernels.SharedPad"/>.</summary>
    int Ld { get; }
}

/// <summary>32×32 tiles, 2×2 per thread.</summary>
public readonly struct Tile32Shape : IGemmTileShape
{
    private const int Tile = 32;
    /// <inheritdoc/>
    public int Size => Tile;
    /// <inheritdoc/>
    public int Depth => 16;
    /// <inheritdoc/>
    public int Block => Tile / GemmKernels.Threads;
    /// <inheritdoc/>
    public int Ld => Tile + GemmKernels.SharedPad;
}

/// <summary>64×64 tiles, 4×4 per thread.</summary>
public readonly struct Tile64Shape : IGemmTileShape
{
    private const int Tile = 64;
    /// <inheritdoc/>
    public int Size => Tile;
    /// <inheritdoc/>
    public int Depth => 16;
    /// <inheritdoc/>
    public int Block => Tile / GemmKernels.Threads;
    /// <inheritdoc/>
    public int Ld => Tile + GemmKernels.SharedPad;
}

/// <summary>128×128 tiles, 8×8 per thread.</summary>
public readonly struct Tile128Shape : IGemmTileShape
{
    private const int Tile = 128;
    /// <inheritdoc/>
    public int Size => Tile;
    /// <inheritdoc/>
    public int Depth => 16;
    /// <inheritdoc/>
    public int Block => Tile / GemmKernels.Threads;
    /// <inheritdoc/>
    public int Ld => Tile + GemmKernels.SharedPad;
}
