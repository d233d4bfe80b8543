using static KernelGen.Runtime.OpenCL.ClNative;

namespace KernelGen.Runtime.OpenCL;

/// <summary>An OpenCL device (GPU, CPU through PoCL, or accelerator) of one platform.</summary>
public sealed class OpenCLDevice : Device
{
    internal OpenCLDevice(int index, nint platform, nint id, string platformName, string platformVersion)
    {
        Index = index;
        PlatformId = platform;
        DeviceId = id;
        Vendor = platformName;
        Name = ClInfo.DeviceString(id, CL_DEVICE_NAME);
        DriverVersion = $"{platformVersion}, driver {ClInfo.DeviceString(id, CL_DRIVER_VERSION)}";
        IsGpu = (ClInfo.DeviceValue<ulong>(id, CL_DEVICE_TYPE) & CL_DEVICE_TYPE_GPU) != 0;
        MemoryBytes = (long)Math.Min(ClInfo.DeviceValue<ulong>(id, CL_DEVICE_GLOBAL_MEM_SIZE), long.MaxValue);
        MaxAllocationBytes = (long)Math.Min(ClInfo.DeviceValue<ulong>(id, CL_DEVICE_MAX_MEM_ALLOC_SIZE), long.MaxValue);
        ComputeUnits = (int)ClInfo.DeviceValue<uint>(id, CL_DEVICE_MAX_COMPUTE_UNITS);
        MaxGroupSize = (int)Math.Min(ClInfo.DeviceValue<nuint>(id, CL_DEVICE_MAX_WORK_GROUP_SIZE), int.MaxValue);
        var sizes = ClInfo.DeviceSizes(id, CL_DEVICE_MAX_WORK_ITEM_SIZES);
        MaxGroupDim = new Index2D(
            (int)Math.Min(sizes.Length > 0 ? sizes[0] : 1, int.MaxValue),
            (int)Math.Min(sizes.Length > 1 ? sizes[1] : 1, int.MaxValue));
        SharedMemoryBytes = (int)Math.Min(ClInfo.DeviceValue<ulong>(id, CL_DEVICE_LOCAL_MEM_SIZE), int.MaxValue);
        ClockMhz = ClInfo.TryDeviceValue<uint>(id, CL_DEVICE_MAX_CLOCK_FREQUENCY) is { } mhz and > 0 ? (int)mhz : null;
        var width = ClInfo.TryDeviceValue<uint>(id, CL_DEVICE_NATIVE_VECTOR_WIDTH_FLOAT) is { } native and > 0 ? native
            : ClInfo.TryDeviceValue<uint>(id, CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT) is { } preferred and > 0 ? preferred : 1u;
        FloatVectorWidth = (int)width;
    }

    internal nint PlatformId { get; }
    internal nint DeviceId { get; }

    /// <inheritdoc/>
    public override Backend Backend => Backend.OpenCL;
    /// <inheritdoc/>
    public override int Index { get; }
    /// <inheritdoc/>
    public override string Name { get; }
    /// <summary>The platform's name (e.g. <c>Portable Computing Language</c>).</summary>
    public override string Vendor { get; }
    /// <summary>The platform version and the device's driver version.</summary>
    public override string DriverVersion { get; }
    /// <inheritdoc/>
    public override long MemoryBytes { get; }
    /// <inheritdoc/>
    public override int ComputeUnits { get; }
    /// <inheritdoc/>
    public override int MaxGroupSize { get; }
    /// <summary>OpenCL global sizes are only bounded by <c>size_t</c>, so any int grid is allowed.</summary>
    public override Index2D MaxGridSize => new(int.MaxValue, int.MaxValue);
    /// <summary>CL_DEVICE_LOCAL_MEM_SIZE: <c>__local</c> memory per group.</summary>
    public override int SharedMemoryBytes { get; }

    /// <summary>Whether the device reports itself as a GPU.</summary>
    public bool IsGpu { get; }

    /// <summary>Largest single buffer (CL_DEVICE_MAX_MEM_ALLOC_SIZE), in bytes.</summary>
    public long MaxAllocationBytes { get; }

    /// <summary>Most work-items of one group along X and Y (CL_DEVICE_MAX_WORK_ITEM_SIZES).</summary>
    public Index2D MaxGroupDim { get; }

    /// <summary>Maximum clock in MHz, if the device reports one.</summary>
    public int? ClockMhz { get; }

    /// <summary>Native (else preferred) float vector width: the float lanes one compute unit works on per cycle.</summary>
    public int FloatVectorWidth { get; }

    /// <summary>
    /// Estimated peak FP32 GFLOP/s = compute units x max clock (MHz) x float vector width x 2 (an FMA is two
    /// flops) / 1000; null when the clock is unknown. The estimate is a lower bound on GPUs, whose compute units
    /// hold many lanes while reporting a vector width of 1.
    /// </summary>
    public override double? PeakGflops => ClockMhz is { } mhz ? ComputeUnits * (double)mhz * FloatVectorWidth * 2 / 1000.0 : null;

    /// <inheritdoc/>
    public override Accelerator CreateAccelerator() => new OpenCLAccelerator(this);
}
