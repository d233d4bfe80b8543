namespace KernelGen.Kernels;

// CPU counterparts of OptimizerKernels, which the CPU backend runs instead of the kernels.
public static partial class OptimizerKernels
{
    /// <summary>CPU counterpart of <see cref="Adam"/>: the same arithmetic in the same order, SIMD-wide.</summary>
    public static void AdamCpu(Index1D n, ArrayView<float> p, ArrayView<float> g, ArrayView<float> m, ArrayView<float> v,
        ArrayView<int> state, float beta1, float beta2, float eps, float weightDecay, int decoupled) =>
        Cpu.CpuAdam.Step(n, p, g, m, v, state, beta1, beta2, eps, weightDecay, decoupled != 0);
}
