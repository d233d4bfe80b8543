namespace KernelGen;

/// <summary>A device found by <see cref="Context"/>: what it is and how big; <see cref="CreateAccelerator"/> opens it.</summary>
public abstract class Device
{
    /// <summary>The backend that drives the device.</summary>
    public abstract Backend Backend { get; }

    /// <summary>Index among the devices of the same backend.</summary>
    public abstract int Index { get; }

    /// <summary>Device name as the driver reports it.</summary>
    public abstract string Name { get; }

    /// <summary>Vendor or platform.</summary>
    public abstract string Vendor { get; }

    /// <summary>Driver or runtime version, as far as known.</summary>
    public abstract string DriverVersion { get; }

    /// <summary>Global memory in bytes.</summary>
    public abstract long MemoryBytes { get; }

    /// <summary>Multiprocessors, compute units or cores.</summary>
    public abstract int ComputeUnits { get; }

    /// <summary>Most threads in one group.</summary>
    public abstract int MaxGroupSize { get; }

    /// <summary>Most groups along X and Y.</summary>
    public virtual Index2D MaxGridSize => new(int.MaxValue, 65535);

    /// <summary>Group-shared memory per group in bytes.</summary>
    public abstract int SharedMemoryBytes { get; }

    /// <summary>Peak FP32 GFLOP/s (FMA counted as two), estimated from the device's figures; null if unknown.</summary>
    public abstract double? PeakGflops { get; }

    /// <summary>The spelling used by <see cref="Context.GetDevice"/>: <c>cpu</c>, <c>opencl:N</c>, <c>cuda:N</c>.</summary>
    public virtual string Id => Backend == Backend.Cpu ? "cpu" : $"{Backend.ToString().ToLowerInvariant()}:{Index}";

    /// <summary>Opens the device for work.</summary>
    public abstract Accelerator CreateAccelerator();

    /// <inheritdoc/>
    public override string ToString() => $"{Id} {Name}";
}
