namespace KernelGen;

/// <summary>
/// What an accelerator has done, counted as it is enqueued (<see cref="Accelerator.Counters"/>): facts a test may
/// assert, e.g. that a training step launches the same kernels at every step and waits for nothing.
/// </summary>
/// <param name="Launches">Kernel launches (an empty extent launches nothing and is not counted).</param>
/// <param name="Fills">Buffer fills and zeroings.</param>
/// <param name="Uploads">Copies from the host to the device.</param>
/// <param name="Downloads">Copies from the device to the host (each also a host wait).</param>
/// <param name="DeviceCopies">Copies between buffers of the device.</param>
/// <param name="HostWaits">Stream synchronizations and downloads: times the host waited for the device.</param>
/// <param name="Allocations">Buffers allocated (adopted buffers are not allocations).</param>
/// <param name="CompiledKernels">Kernels compiled.</param>
/// <param name="StagingWaits">
/// Times an upload waited for the device to have read its staging memory (<see cref="HostStaging{T}"/>): back-pressure
/// when the host runs two batches ahead, not a synchronization of the stream, so not counted in <paramref name="HostWaits"/>.
/// </param>
public readonly record struct AcceleratorCounters(
    long Launches, long Fills, long Uploads, long Downloads, long DeviceCopies, long HostWaits, long Allocations, long CompiledKernels,
    long StagingWaits = 0)
{
    /// <summary>What happened between two snapshots.</summary>
    public static AcceleratorCounters operator -(AcceleratorCounters after, AcceleratorCounters before) => new(
        after.Launches - before.Launches, after.Fills - before.Fills, after.Uploads - before.Uploads, after.Downloads - before.Downloads,
        after.DeviceCopies - before.DeviceCopies, after.HostWaits - before.HostWaits, after.Allocations - before.Allocations,
        after.CompiledKernels - before.CompiledKernels, after.StagingWaits - before.StagingWaits);
}
