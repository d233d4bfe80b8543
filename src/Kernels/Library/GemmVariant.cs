namespace KernelGen.Kernels;

/// <summary>One compiled tile configuration of the GPU GEMM: its kernel and the launch it needs.</summary>
public sealed class GemmVariant
{
    private GemmVariant(string name, IGemmTileShape shape, KernelDefinition kernel)
    {
        Name = name;
        Tile = shape.Size;
        Block = shape.Block;
        Depth = shape.Depth;
        Kernel = kernel;
    }

    /// <summary>32×32 tiles, 2×2 per thread: the most groups, for small problems and small devices.</summary>
    public static GemmVariant Tile32 { get; } = new("tile32", default(Tile32Shape), GemmKernels.Tile32Kernel);

    /// <summary>64×64 tiles, 4×4 per thread: the general-purpose variant.</summary>
    public static GemmVariant Tile64 { get; } = new("tile64", default(Tile64Shape), GemmKernels.Tile64Kernel);

    /// <summary>128×128 tiles, 8×8 per thread: the most reuse per load, for big problems on big GPUs.</summary>
    public static GemmVariant Tile128 { get; } = new("tile128", default(Tile128Shape), GemmKernels.Tile128Kernel);

    /// <summary>Every variant, smallest tile first.</summary>
    public static IReadOnlyList<GemmVariant> All { get; } = [Tile32, Tile64, Tile128];

    /// <summary>Short name used in caches and reports (<c>tile32</c>, <c>tile64</c>, <c>tile128</c>).</summary>
    public string Name { get; }

    /// <summary>Rows and columns of C per group.</summary>
    public int Tile { get; }

    /// <summary>Rows and columns of C per thread (the register block).</summary>
    public int Block { get; }

    /// <summary>Depth of the shared tiles.</summary>
    public int Depth { get; }

    /// <summary>The generated kernel.</summary>
    public KernelDefinition Kernel { get; }

    /// <summary>Group-shared bytes per group (the A and B tiles, padded).</summary>
    public int SharedBytes => 2 * Depth * (Tile + GemmKernels.SharedPad) * sizeof(float);

    /// <summary>Threads per group.</summary>
    public static int GroupThreads => GemmKernels.Threads * GemmKernels.Threads;

    /// <summary>Row tiles of one batch item of m rows.</summary>
    public int RowTiles(int m) => (m + Tile - 1) / Tile;

    /// <summary>Groups needed for the whole problem.</summary>
    public long Groups(int m, int n, int batch) => (long)RowTiles(m) * ((n + Tile - 1) / Tile) * batch;

    /// <summary>Whether the device can run this variant (shared memory and group size).</summary>
    public bool FitsOn(Device device) => SharedBytes <= device.SharedMemoryBytes && GroupThreads <= device.MaxGroupSize;

    /// <summary>The variant called <paramref name="name"/>, or null.</summary>
    public static GemmVariant? ByName(string name) => All.FirstOrDefault(v => v.Name == name);

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Tile}×{Tile} tiles, {Block}×{Block} per thread)";
}
