namespace KernelGen.Runtime.Cuda;

/// <summary>
/// Finds CUDA devices through the driver API. Every way the backend can be missing (no libcuda, no GPU or
/// driver, no NVRTC) becomes a <see cref="BackendStatus"/> with the reason; discovery does not throw for them.
/// </summary>
internal static unsafe class CudaBackend
{
    public static (IReadOnlyList<Device>, BackendStatus) Discover()
    {
        if (!NativeLibraries.TryLoad(NativeLibraries.Cuda, out var driverDetail))
            return Unavailable(driverDetail);

        int result = CudaDriver.cuInit(0);
        if (result != CudaErrors.Success)
        {
            var hint = CudaErrors.Hint(result);
            return Unavailable($"cuInit failed with {CudaErrors.Describe(result)}{(hint is null ? "" : $": {hint}")}");
        }

        int driverVersion, count;
        CudaErrors.Check(CudaDriver.cuDriverGetVersion(&driverVersion), "cuDriverGetVersion");
        string driver = FormatVersion(driverVersion);
        CudaErrors.Check(CudaDriver.cuDeviceGetCount(&count), "cuDeviceGetCount");
        if (count == 0) return Unavailable($"driver {driver} loaded from {driverDetail} but it reports no CUDA devices");

        if (!NativeLibraries.TryLoad(NativeLibraries.Nvrtc, out var nvrtcDetail))
            return Unavailable($"{nvrtcDetail}; backend unavailable: kernels cannot compile (driver {driver}, {count} device(s))");
        var nvrtc = CudaCompiler.NvrtcVersion();

        var devices = new List<Device>(count);
        for (int i = 0; i < count; i++) devices.Add(CudaDevice.Query(i, driver));
        return (devices, new BackendStatus(Backend.Cuda, true,
            $"driver {driver}, NVRTC {nvrtc.Major}.{nvrtc.Minor}, {count} device(s)"));
    }

    /// <summary>"13.0" for the driver's 13000.</summary>
    public static string FormatVersion(int version) => $"{version / 1000}.{version % 1000 / 10}";

    private static (IReadOnlyList<Device>, BackendStatus) Unavailable(string reason) =>
        ([], new BackendStatus(Backend.Cuda, false, reason));
}
