using static KernelGen.Runtime.OpenCL.ClNative;

namespace KernelGen.Runtime.OpenCL;

/// <summary>Finds every device of every OpenCL platform the ICD loader knows.</summary>
internal static unsafe class OpenCLBackend
{
    /// <summary>
    /// Lists the devices; a missing ICD loader, no installed platform, or a platform without devices makes the
    /// backend unavailable with the reason instead of throwing.
    /// </summary>
    public static (IReadOnlyList<Device>, BackendStatus) Discover()
    {
        if (!NativeLibraries.TryLoad(NativeLibraries.OpenCL, out var reason))
            return ([], Unavailable(reason));

        uint count;
        int err = clGetPlatformIDs(0, null, &count);
        if (err == ClError.PlatformNotFound || (err == CL_SUCCESS && count == 0))
            return ([], Unavailable($"no OpenCL platform installed (install an ICD, e.g. pocl-opencl-icd); the ICD loader {reason} lists none"));
        if (err != CL_SUCCESS)
            return ([], Unavailable(ClError.Fail(err, "clGetPlatformIDs", "listing OpenCL platforms").Message));

        var platforms = new nint[count];
        fixed (nint* p = platforms)
            err = clGetPlatformIDs(count, p, null);
        if (err != CL_SUCCESS)
            return ([], Unavailable(ClError.Fail(err, "clGetPlatformIDs", "listing OpenCL platforms").Message));

        var devices = new List<Device>();
        var described = new List<string>();
        foreach (var platform in platforms)
        {
            try
            {
                var name = ClInfo.PlatformString(platform, CL_PLATFORM_NAME);
                var version = ClInfo.PlatformString(platform, CL_PLATFORM_VERSION);
                var ids = PlatformDevices(platform);
                var failures = new List<string>();
                foreach (var id in ids)
                {
                    try { devices.Add(new OpenCLDevice(devices.Count, platform, id, name, version)); }
                    catch (AcceleratorException e) { failures.Add(e.Message); }
                }
                described.Add($"{name} ({version}, {ids.Length - failures.Count} device(s)"
                    + (failures.Count > 0 ? $"; {failures.Count} skipped: {string.Join(" ", failures)})" : ")"));
            }
            catch (AcceleratorException e)
            {
                described.Add($"a platform that failed to answer: {e.Message}");
            }
        }
        var detail = string.Join("; ", described);
        return devices.Count == 0
            ? ([], Unavailable($"no OpenCL device found on {detail}"))
            : (devices, new BackendStatus(Backend.OpenCL, true, detail));
    }

    private static nint[] PlatformDevices(nint platform)
    {
        uint count;
        int err = clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, &count);
        if (err == ClError.DeviceNotFound || count == 0) return [];
        ClError.Check(err, "clGetDeviceIDs", "listing the devices of an OpenCL platform");
        var ids = new nint[count];
        fixed (nint* p = ids)
            ClError.Check(clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, count, p, null), "clGetDeviceIDs", "listing the devices of an OpenCL platform");
        return ids;
    }

    private static BackendStatus Unavailable(string reason) => new(Backend.OpenCL, false, reason);
}
