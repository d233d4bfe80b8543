namespace KernelGen.Perf;

/// <summary>The GPU (or OpenCL) devices the suites measure, opened once per process.</summary>
public static class PerfDevices
{
    private static readonly Lazy<Context> Shared = new(Context.Create);
    private static readonly Dictionary<string, Accelerator> Open = [];

    /// <summary>The backend part of a device spec: <c>cpu</c>, <c>opencl</c> or <c>cuda</c>.</summary>
    public static string BackendOf(string spec) => spec.Split(':')[0].Trim().ToLowerInvariant();

    /// <summary>The device for a spec such as <c>opencl</c>, <c>opencl:1</c> or <c>cuda</c>.</summary>
    public static Device Device(string spec) => Shared.Value.GetDevice(spec);

    /// <summary>An accelerator on the device, created on first use and kept for the process.</summary>
    public static Accelerator Accelerator(string spec)
    {
        if (!Open.TryGetValue(spec, out var acc)) Open[spec] = acc = Device(spec).CreateAccelerator();
        return acc;
    }
}
