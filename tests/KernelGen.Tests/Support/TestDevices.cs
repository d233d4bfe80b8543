namespace KernelGen.Tests.Support;

/// <summary>
/// The backends a per-device fixture runs on. A fixture takes the backend name as its constructor argument
/// and calls <see cref="Open"/> in its one-time set-up: an absent backend marks the whole fixture skipped
/// with the reason the runtime gave, so it never shows as passed.
/// </summary>
public static class TestDevices
{
    private static readonly Lazy<Context> Shared = new(Context.Create);

    /// <summary>Fixture arguments: one per backend.</summary>
    public static readonly object[] Backends = ["cpu", "opencl", "cuda"];

    /// <summary>
    /// The backends of the kernel and runtime conformance suites: <see cref="Backends"/> and ILGPU's CPU accelerator,
    /// which runs ILGPU's compilation of every kernel, grouped ones with real barriers (the GPU code paths, on any machine).
    /// It is about a thousand times slower than native code, so the model and graph suites leave it out.
    /// </summary>
    public static readonly object[] KernelBackends = [.. Backends, "ilgpu:cpu"];

    /// <summary>The context shared by all tests.</summary>
    public static Context Context => Shared.Value;

    /// <summary>Opens the first device of <paramref name="backend"/>, or ignores the calling fixture with the reason.</summary>
    public static Accelerator Open(string backend)
    {
        if (KernelGen.ILGPU.IlgpuBackend.Names(backend))
            return OpenIlgpu(backend);
        var kind = Enum.Parse<Backend>(backend, ignoreCase: true);
        var device = Context.Devices.FirstOrDefault(d => d.Backend == kind);
        if (device is null)
        {
            var status = Context.Backends.First(b => b.Backend == kind);
            Assert.Ignore($"{kind} backend unavailable: {status.Detail}");
        }
        TestContext.Progress.WriteLine($"[{backend}] {device!.Name} ({device.DriverVersion})");
        return device.CreateAccelerator();
    }

    /// <summary>An ILGPU accelerator, or the fixture ignored with ILGPU's reason when it is missing.</summary>
    private static Accelerator OpenIlgpu(string spec)
    {
        KernelGen.Device device;
        try
        {
            device = KernelGen.ILGPU.IlgpuBackend.GetDevice(spec);
        }
        catch (ArgumentException e)
        {
            Assert.Ignore(e.Message);
            throw;
        }
        TestContext.Progress.WriteLine($"[{spec}] {device.Name} ({device.Vendor})");
        return device.CreateAccelerator();
    }
}
