namespace KernelGen.Kernels;

/// <summary>One compiled configuration of the device GEMM: its kernel and the launch it needs.</summary>
public sealed class GemmVariant
{
    private GemmVariant(string name, IGemmTileShape shape, KernelDefinition kernel)
    {
        Name = name;
        Rows = Cols = Tile = shape.Size;
        Block = shape.Block;
        Depth = shape.Depth;
        GroupX = GroupY = GemmKernels.Threads;
        SharedBytes = 2 * Depth * (Tile + GemmKernels.SharedPad) * sizeof(float);
        Kernel = kernel;
    }

    private GemmVariant(string name, int groupX, int groupY, KernelDefinition kernel)
    {
        Name = name;
        GroupX = groupX;
        GroupY = groupY;
        Rows = groupY * GemmKernels.RegisterRows;
        Cols = groupX * GemmKernels.RegisterCols;
        Tile = Math.Max(Rows, Cols);
        Block = GemmKernels.RegisterRows;
        Kernel = kernel;
    }

    /// <summary>32×32 tiles, 2×2 per thread: the most groups, for small problems and small devices.</summary>
    public static GemmVariant Tile32 { get; } = new("tile32", default(Tile32Shape), GemmKernels.Tile32Kernel);

    /// <summary>64×64 tiles, 4×4 per thread: the general-purpose variant.</summary>
    public static GemmVariant Tile64 { get; } = new("tile64", default(Tile64Shape), GemmKernels.Tile64Kernel);

    /// <summary>128×128 tiles, 8×8 per thread: the most reuse per load, for big problems on big GPUs.</summary>
    public static GemmVariant Tile128 { get; } = new("tile128", default(Tile128Shape), GemmKernels.Tile128Kernel);

    /// <summary>
    /// 8×16 per thread straight from global memory, groups of 2×2 threads, no shared memory or barrier: for OpenCL
    /// on CPUs (<see cref="GemmKernels.Register"/>). The group size measured best on PoCL 3.1 among 1×1…8×2.
    /// </summary>
    public static GemmVariant Register { get; } = new("register", 2, 2, GemmKernels.RegisterKernel);

    /// <summary>Every variant, the shared-tile ones smallest tile first.</summary>
    public static IReadOnlyList<GemmVariant> All { get; } = [Tile32, Tile64, Tile128, Register];

    /// <summary>Short name used in caches and reports (<c>tile32</c>, <c>tile64</c>, <c>tile128</c>, <c>register</c>).</summary>
    public string Name { get; }

    /// <summary>Rows of C per group.</summary>
    public int Rows { get; }

    /// <summary>Columns of C per group.</summary>
    public int Cols { get; }

    /// <summary>The larger of <see cref="Rows"/> and <see cref="Cols"/> (the tile size of a shared-tile variant).</summary>
    public int Tile { get; }

    /// <summary>Rows of C per thread (the register block).</summary>
    public int Block { get; }

    /// <summary>Depth of the shared tiles (0 without them).</summary>
    public int Depth { get; }

    /// <summary>Threads per group along X (columns).</summary>
    public int GroupX { get; }

    /// <summary>Threads per group along Y (rows).</summary>
    public int GroupY { get; }

    /// <summary>The generated kernel.</summary>
    public KernelDefinition Kernel { get; }

    /// <summary>Group-shared bytes per group (the A and B tiles, padded).</summary>
    public int SharedBytes { get; }

    /// <summary>Threads per group of the shared-tile variants (the largest of any variant).</summary>
    public static int GroupThreads => GemmKernels.Threads * GemmKernels.Threads;

    /// <summary>Row tiles of one batch item of m rows.</summary>
    public int RowTiles(int m) => (m + Rows - 1) / Rows;

    /// <summary>Column tiles of n columns.</summary>
    public int ColTiles(int n) => (n + Cols - 1) / Cols;

    /// <summary>Groups needed for the whole problem.</summary>
    public long Groups(int m, int n, int batch) => (long)RowTiles(m) * ColTiles(n) * batch;

    /// <summary>Whether the device can run this variant (shared memory and group size).</summary>
    public bool FitsOn(Device device) => SharedBytes <= device.SharedMemoryBytes && GroupX * GroupY <= device.MaxGroupSize;

    /// <summary>The variant called <paramref name="name"/>, or null.</summary>
    public static GemmVariant? ByName(string name) => All.FirstOrDefault(v => v.Name == name);

    /// <inheritdoc/>
    public override string ToString() => Depth > 0
        ? $"{Name} ({Tile}×{Tile} tiles, {Block}×{Block} per thread)"
        : $"{Name} ({GemmKernels.RegisterRows}×{GemmKernels.RegisterCols} per thread, groups of {GroupX}×{GroupY})";
}
