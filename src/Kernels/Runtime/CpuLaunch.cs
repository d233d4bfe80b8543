using KernelGen.Runtime.Cpu;

namespace KernelGen;

/// <summary>What a CPU launcher receives: the extent (index kernels) or configuration (grouped kernels).</summary>
public readonly struct CpuLaunch
{
    /// <summary>Items per chunk below which an index loop is not split across threads.</summary>
    public const int Grain = 4096;

    internal CpuLaunch(in LaunchDims dims) => Dims = dims;

    /// <summary>The launch sizes.</summary>
    public LaunchDims Dims { get; }

    /// <summary>The extent of an index launch.</summary>
    public Index2D Extent => Dims.Extent;

    /// <summary>Runs a 1-D index body over the extent on the CPU pool.</summary>
    public void For1D<T>(T body) where T : struct, ICpuRangeBody =>
        CpuThreadPool.Shared.For(Extent.X, body, Grain);

    /// <summary>
    /// Runs an explicitly grouped kernel thread by thread: <paramref name="thread"/> once per thread of every group,
    /// each group's threads as real threads sharing shared memory and barriers (<see cref="CpuGroupEmulator"/>).
    /// </summary>
    public void RunGroups(Action thread) => CpuGroupEmulator.Run(Dims, thread);

    /// <summary>Runs a 2-D index body over the extent's rows (Y) on the CPU pool.</summary>
    public void For2D<T>(T body) where T : struct, ICpuRangeBody =>
        CpuThreadPool.Shared.For(Extent.Y, body, Math.Max(1, Grain / Math.Max(1, Extent.X)));
}
