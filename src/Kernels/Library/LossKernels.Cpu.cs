namespace KernelGen.Kernels;

// CPU counterparts of LossKernels, which the CPU backend runs instead of the kernels.
public static partial class LossKernels
{
    /// <summary>CPU counterpart of <see cref="BceLogitsTerms"/> (vectorized).</summary>
    public static void BceLogitsTermsCpu(Index1D n, ArrayView<float> x, ArrayView<float> t, ArrayView<float> terms, float scale) =>
        Cpu.CpuPointwise.BceLogitsTerms(n, x, t, terms, scale);

    /// <summary>CPU counterpart of <see cref="BceLogitsGrad"/> (vectorized).</summary>
    public static void BceLogitsGradCpu(Index1D n, ArrayView<float> x, ArrayView<float> t, ArrayView<float> dx, float coef,
        ArrayView<float> gradOutput, int hasGradOutput) =>
        Cpu.CpuPointwise.BceLogitsGrad(n, x, t, dx, hasGradOutput != 0 ? coef * gradOutput[0] : coef);
}
