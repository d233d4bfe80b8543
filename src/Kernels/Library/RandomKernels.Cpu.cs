namespace KernelGen.Kernels;

// CPU counterparts of RandomKernels, which the CPU backend runs instead of the kernels.
public static partial class RandomKernels
{
    /// <summary>CPU counterpart of <see cref="Normal"/>: one Philox block per two normals, SIMD Box–Muller.</summary>
    public static void NormalCpu(Index1D n, ArrayView<float> y, ArrayView<uint> counter, uint offset, uint seedLo, uint seedHi, float mean, float std) =>
        Cpu.CpuRandom.Normal(n, y, counter[0] + offset, seedLo, seedHi, mean, std);

    /// <summary>CPU counterpart of <see cref="ReparameterizeDrawn"/>: the draws of <see cref="NormalCpu"/>, then z in SIMD.</summary>
    public static void ReparameterizeDrawnCpu(Index1D n, ArrayView<float> mu, ArrayView<float> logvar, ArrayView<float> eps, ArrayView<float> z,
        ArrayView<uint> counter, uint offset, uint seedLo, uint seedHi) =>
        Cpu.CpuRandom.Reparameterize(n, mu, logvar, eps, z, counter[0] + offset, seedLo, seedHi);
}
