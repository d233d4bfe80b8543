using System.Text;

namespace KernelGen.Runtime.Cuda;

/// <summary>An NVIDIA GPU driven through the CUDA driver API; kernels are compiled with NVRTC.</summary>
public sealed unsafe class CudaDevice : Device
{
    private CudaDevice(int index, int handle, string name, string driver, long memory, int sms, int maxGroup,
        Index2D maxGrid, int shared, (int, int) capability, int? clockKhz)
    {
        Index = index;
        Handle = handle;
        Name = name;
        DriverVersion = driver;
        MemoryBytes = memory;
        ComputeUnits = sms;
        MaxGroupSize = maxGroup;
        MaxGridSize = maxGrid;
        SharedMemoryBytes = shared;
        ComputeCapability = capability;
        ClockKhz = clockKhz;
    }

    /// <inheritdoc/>
    public override Backend Backend => Backend.Cuda;
    /// <inheritdoc/>
    public override int Index { get; }
    /// <inheritdoc/>
    public override string Name { get; }
    /// <inheritdoc/>
    public override string Vendor => "NVIDIA";
    /// <inheritdoc/>
    public override string DriverVersion { get; }
    /// <inheritdoc/>
    public override long MemoryBytes { get; }
    /// <summary>Number of streaming multiprocessors (SMs).</summary>
    public override int ComputeUnits { get; }
    /// <inheritdoc/>
    public override int MaxGroupSize { get; }
    /// <inheritdoc/>
    public override Index2D MaxGridSize { get; }
    /// <inheritdoc/>
    public override int SharedMemoryBytes { get; }

    /// <summary>Compute capability, e.g. (9, 0) for Hopper.</summary>
    public (int Major, int Minor) ComputeCapability { get; }

    /// <summary>Peak SM clock in kHz, if the driver reports it.</summary>
    public int? ClockKhz { get; }

    /// <summary>SMs x FP32 lanes per SM x clock x 2 (an FMA counts as two); null when the clock or the architecture is unknown.</summary>
    public override double? PeakGflops =>
        ClockKhz is { } khz && Fp32LanesPerSm(ComputeCapability.Major, ComputeCapability.Minor) is { } lanes
            ? ComputeUnits * (double)lanes * khz / 1e6 * 2
            : null;

    /// <summary>The CUdevice handle.</summary>
    internal int Handle { get; }

    /// <inheritdoc/>
    public override Accelerator CreateAccelerator() => new CudaAccelerator(this);

    /// <summary>
    /// KernelGen on a CUDA context and stream another library owns (ILGPU's, through KernelGen.ILGPU): its kernels are
    /// KernelGen's NVRTC builds, its launches and copies go to <paramref name="stream"/> in order with the owner's work
    /// there (no host wait between them), and its buffers live in <paramref name="context"/>. Both stay the owner's and
    /// must outlive the accelerator; <paramref name="stream"/> 0 is the context's legacy default stream.
    /// </summary>
    public Accelerator Attach(IntPtr context, IntPtr stream)
    {
        if (context == IntPtr.Zero) throw new ArgumentException($"Attach to {Name}: the CUDA context is null.", nameof(context));
        int device;
        CudaErrors.Check(CudaDriver.cuCtxPushCurrent_v2(context), $"cuCtxPushCurrent (attaching to a context on {Name})");
        try { CudaErrors.Check(CudaDriver.cuCtxGetDevice(&device), "cuCtxGetDevice"); }
        finally
        {
            IntPtr popped;
            CudaDriver.cuCtxPopCurrent_v2(&popped);
        }
        if (device != Handle)
            throw new ArgumentException($"Attach to {Name} (cuda:{Index}): the CUDA context belongs to another device (CUdevice {device}).", nameof(context));
        return new CudaAccelerator(this, context, stream);
    }

    /// <summary>FP32 lanes per SM by compute capability; null for unknown (pre-Kepler) parts.</summary>
    internal static int? Fp32LanesPerSm(int major, int minor) => (major, minor) switch
    {
        (3, _) => 192,
        (5, _) => 128,
        (6, 0) => 64,
        (6, _) => 128,
        (7, _) => 64,
        (8, 0) => 64,
        (8, _) => 128,
        (9, _) => 128,
        ( >= 10, _) => 128,
        _ => null,
    };

    internal static CudaDevice Query(int ordinal, string driver)
    {
        int handle;
        CudaErrors.Check(CudaDriver.cuDeviceGet(&handle, ordinal), $"cuDeviceGet({ordinal})");
        int dev = handle;
        byte* nameBytes = stackalloc byte[256];
        CudaErrors.Check(CudaDriver.cuDeviceGetName(nameBytes, 256, dev), "cuDeviceGetName");
        var name = Encoding.UTF8.GetString(new ReadOnlySpan<byte>(nameBytes, 256).Split0());
        nuint memory;
        CudaErrors.Check(CudaDriver.cuDeviceTotalMem_v2(&memory, dev), "cuDeviceTotalMem");
        int Attr(int attribute, string what)
        {
            int value;
            CudaErrors.Check(CudaDriver.cuDeviceGetAttribute(&value, attribute, dev), $"cuDeviceGetAttribute({what})");
            return value;
        }
        int? clock = null;
        int clockValue;
        if (CudaDriver.cuDeviceGetAttribute(&clockValue, CudaAttribute.ClockRate, dev) == CudaErrors.Success && clockValue > 0)
            clock = clockValue;
        return new CudaDevice(ordinal, dev, name, driver, (long)memory,
            Attr(CudaAttribute.MultiprocessorCount, "MULTIPROCESSOR_COUNT"),
            Attr(CudaAttribute.MaxThreadsPerBlock, "MAX_THREADS_PER_BLOCK"),
            new Index2D(Attr(CudaAttribute.MaxGridDimX, "MAX_GRID_DIM_X"), Attr(CudaAttribute.MaxGridDimY, "MAX_GRID_DIM_Y")),
            Attr(CudaAttribute.MaxSharedMemoryPerBlock, "MAX_SHARED_MEMORY_PER_BLOCK"),
            (Attr(CudaAttribute.ComputeCapabilityMajor, "COMPUTE_CAPABILITY_MAJOR"), Attr(CudaAttribute.ComputeCapabilityMinor, "COMPUTE_CAPABILITY_MINOR")),
            clock);
    }
}
