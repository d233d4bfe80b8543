namespace KernelGen.ILGPU;

using global::ILGPU.Runtime;
using global::ILGPU.Runtime.CPU;

/// <summary>
/// An ILGPU accelerator as a KernelGen device (<c>ilgpu:cpu</c>, <c>ilgpu:cuda:N</c>, <c>ilgpu:opencl:N</c>): the
/// library's kernels run there as ILGPU compiles them. Found by <see cref="IlgpuBackend"/>.
/// </summary>
public sealed class IlgpuDevice : KernelGen.Device
{
    private readonly Func<(global::ILGPU.Context? Context, global::ILGPU.Runtime.Accelerator Accelerator)> _open;

    internal IlgpuDevice(string id, int index, global::ILGPU.Runtime.Accelerator probe,
        Func<(global::ILGPU.Context?, global::ILGPU.Runtime.Accelerator)> open)
    {
        _open = open;
        Id = id;
        Index = index;
        Kind = probe.AcceleratorType;
        Name = probe.Name;
        Vendor = $"ILGPU {typeof(global::ILGPU.Context).Assembly.GetName().Version} {probe.AcceleratorType}";
        DriverVersion = probe is global::ILGPU.Runtime.Cuda.CudaAccelerator cuda ? cuda.DriverVersion.ToString() : "";
        MemoryBytes = probe is CPUAccelerator ? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes : probe.MemorySize;
        ComputeUnits = probe.NumMultiprocessors;
        MaxGroupSize = probe.MaxNumThreadsPerGroup;
        MaxGridSize = new Index2D(probe.MaxGridSize.X, Math.Min(probe.MaxGridSize.Y, 65535));
        SharedMemoryBytes = probe.MaxSharedMemoryPerGroup;
    }

    /// <summary>ILGPU's kind of accelerator: CPU, Cuda or OpenCL.</summary>
    public AcceleratorType Kind { get; }

    /// <inheritdoc/>
    public override Backend Backend => Backend.Ilgpu;

    /// <inheritdoc/>
    public override string Id { get; }

    /// <inheritdoc/>
    public override int Index { get; }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <inheritdoc/>
    public override string Vendor { get; }

    /// <inheritdoc/>
    public override string DriverVersion { get; }

    /// <inheritdoc/>
    public override long MemoryBytes { get; }

    /// <inheritdoc/>
    public override int ComputeUnits { get; }

    /// <inheritdoc/>
    public override int MaxGroupSize { get; }

    /// <inheritdoc/>
    public override Index2D MaxGridSize { get; }

    /// <inheritdoc/>
    public override int SharedMemoryBytes { get; }

    /// <inheritdoc/>
    public override double? PeakGflops => null;

    /// <inheritdoc/>
    public override KernelGen.Accelerator CreateAccelerator()
    {
        var (context, accelerator) = _open();
        return new IlgpuAccelerator(this, accelerator, context);
    }
}
