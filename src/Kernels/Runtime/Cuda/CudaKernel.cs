namespace KernelGen.Runtime.Cuda;

/// <summary>A compiled kernel: its module and entry point.</summary>
internal sealed record CudaKernel(IntPtr Module, IntPtr Function, CudaTarget Target);
