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

    /// <summary>The context shared by all tests.</summary>
    public static Context Context => Shared.Value;

    /// <summary>Opens the first device of <paramref name="backend"/>, or ignores the calling fixture with the reason.</summary>
    public static Accelerator Open(string backend)
    {
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
}
