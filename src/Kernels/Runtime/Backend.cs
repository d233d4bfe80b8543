namespace KernelGen;

/// <summary>The kinds of accelerator KernelGen runs on.</summary>
public enum Backend
{
    /// <summary>The host CPU, running kernels as .NET code.</summary>
    Cpu,
    /// <summary>Any OpenCL device through libOpenCL.so.1.</summary>
    OpenCL,
    /// <summary>NVIDIA GPUs through the CUDA driver API and NVRTC.</summary>
    Cuda,
    /// <summary>An ILGPU accelerator (CPU, CUDA or OpenCL) running ILGPU's compilation of the kernels; provided by KernelGen.ILGPU.</summary>
    Ilgpu,
}
