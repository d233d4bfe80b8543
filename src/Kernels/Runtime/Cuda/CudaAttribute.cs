namespace KernelGen.Runtime.Cuda;

/// <summary><c>CUdevice_attribute</c> values used by discovery.</summary>
internal static class CudaAttribute
{
    public const int MaxThreadsPerBlock = 1;
    public const int MaxGridDimX = 5;
    public const int MaxGridDimY = 6;
    public const int MaxSharedMemoryPerBlock = 8;
    public const int ClockRate = 13;
    public const int MultiprocessorCount = 16;
    public const int ComputeCapabilityMajor = 75;
    public const int ComputeCapabilityMinor = 76;
}
