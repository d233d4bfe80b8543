namespace KernelGen.Runtime.OpenCL;

// Placeholder until the OpenCL backend lands: discovery reports the backend as unavailable.
internal static class OpenCLBackend
{
    public static (IReadOnlyList<Device>, BackendStatus) Discover() =>
        ([], new BackendStatus(Backend.OpenCL, false, "OpenCL backend not built yet"));
}

/// <summary>An OpenCL device.</summary>
public abstract class OpenCLDevice : Device
{
    /// <summary>Whether the device reports itself as a GPU.</summary>
    public abstract bool IsGpu { get; }
}
