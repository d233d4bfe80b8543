namespace KernelGen.Runtime.Cuda;

/// <summary>What NVRTC builds for a device.</summary>
/// <param name="Arch">Two-digit architecture, e.g. 90.</param>
/// <param name="Ptx">True for PTX (<c>compute_XY</c>, JIT-compiled by the driver), false for CUBIN (<c>sm_XY</c>).</param>
internal readonly record struct CudaTarget(int Arch, bool Ptx)
{
    /// <summary>The <c>--gpu-architecture</c> value.</summary>
    public override string ToString() => Ptx ? $"compute_{Arch}" : $"sm_{Arch}";
}
