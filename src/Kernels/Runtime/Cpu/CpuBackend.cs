namespace KernelGen.Runtime.Cpu;

internal static class CpuBackend
{
    public static (IReadOnlyList<Device>, BackendStatus) Discover()
    {
        var device = new CpuDevice();
        return ([device], new BackendStatus(Backend.Cpu, true, $".NET {Environment.Version}, {device.ComputeUnits} threads, {device.SimdDescription}"));
    }
}
