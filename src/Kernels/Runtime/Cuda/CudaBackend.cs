namespace KernelGen.Runtime.Cuda;

// Placeholder until the CUDA backend lands: discovery reports the backend as unavailable.
internal static class CudaBackend
{
    public static (IReadOnlyList<Device>, BackendStatus) Discover() =>
        ([], new BackendStatus(Backend.Cuda, false, "CUDA backend not built yet"));
}
