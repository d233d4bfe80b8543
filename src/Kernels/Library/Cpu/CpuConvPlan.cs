namespace KernelGen.Kernels.Cpu;

/// <summary>
/// How the CPU convolution passes cut a batch: <see cref="Slabs"/> contiguous runs of images, one per pool
/// thread, each with its own scratch slab; a slab goes through its images <see cref="Images"/> at a time, their
/// column matrices side by side in one C·KH·KW × (images·OH·OW) matrix so one GEMM covers the whole block.
/// A slab holds that column matrix, then an auxiliary area: the block's column-side images gathered into
/// K × (images·OH·OW) (or the product before it is scattered to NCHW), followed by the slab's partial weight gradient.
/// </summary>
internal readonly record struct CpuConvPlan(int Slabs, int Images, long ColLength, long AuxLength)
{
    /// <summary>
    /// Elements of a block's column matrix and gathered outputs together that a block aims at: three-eighths of one
    /// core's L2 (the GEMM's packed A block takes up to half), so they are still cached when read back.
    /// </summary>
    internal static int ColTarget = (int)Math.Min(int.MaxValue, Runtime.Cpu.CpuHost.Current.L2Bytes * 3 / 8 / sizeof(float));

    /// <summary>Columns (images·OH·OW) a block aims at least, so the GEMM's edge tiles and operand packing amortize: eight micro-tile widths.</summary>
    internal static int MinColumns = 8 * Math.Max(8, GemmDriver.NR);

    /// <summary>Scratch elements of one slab.</summary>
    public long SlabLength => ColLength + AuxLength;

    /// <summary>Scratch elements of all slabs.</summary>
    public long ScratchLength => Slabs * SlabLength;

    /// <summary>Columns of a full block's column matrix.</summary>
    public static long Columns(in ConvGeometry g, int images) => (long)images * g.ColCols;

    /// <summary>The plan for <paramref name="threads"/> pool threads.</summary>
    public static CpuConvPlan Of(in ConvGeometry g, int threads)
    {
        int slabs = Math.Max(1, Math.Min(threads, g.N));
        int perSlab = (g.N + slabs - 1) / slabs;
        long byCache = ColTarget / Math.Max(1L, (long)(g.ColRows + g.K) * g.ColCols);
        long byWidth = (MinColumns + g.ColCols - 1) / g.ColCols;
        int images = (int)Math.Clamp(Math.Max(byCache, byWidth), 1, perSlab);
        var plan = Make(g, slabs, images);
        // Keep the scratch addressable by an int-length view; one image per block is what the ops validated.
        while (plan.Images > 1 && plan.ScratchLength > int.MaxValue) plan = Make(g, slabs, plan.Images / 2);
        return plan;
    }

    private static CpuConvPlan Make(in ConvGeometry g, int slabs, int images)
    {
        long cols = Columns(g, images);
        return new(slabs, images, g.ColRows * cols, g.K * cols + g.WeightLength);
    }
}
