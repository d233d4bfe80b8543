namespace KernelGen.Tests.Support;

/// <summary>
/// Base of per-backend fixtures: <c>[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.Backends))]</c>
/// on the derived class runs it once per backend; an absent backend skips the whole fixture with the reason.
/// </summary>
public abstract class DeviceFixture(string backend)
{
    /// <summary>The accelerator under test.</summary>
    protected Accelerator Acc { get; private set; } = null!;

    /// <summary>Its default stream.</summary>
    protected AcceleratorStream Stream => Acc.DefaultStream;

    /// <summary>The backend name the fixture was created for.</summary>
    protected string BackendName => backend;

    [OneTimeSetUp] public void OpenDevice() => Acc = TestDevices.Open(backend);

    [OneTimeTearDown] public void CloseDevice() => Acc?.Dispose();
}
