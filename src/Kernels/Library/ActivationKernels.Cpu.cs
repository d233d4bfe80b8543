namespace KernelGen.Kernels;

// CPU counterparts of ActivationKernels, which the CPU backend runs instead of the kernels.
public static partial class ActivationKernels
{
    /// <summary>CPU counterpart of <see cref="Sigmoid"/>: SIMD through TensorPrimitives.</summary>
    public static void SigmoidCpu(Index1D n, ArrayView<float> x, ArrayView<float> y) => Cpu.CpuPointwise.Sigmoid(n, x, y);

    /// <summary>CPU counterpart of <see cref="Tanh"/>: SIMD through TensorPrimitives.</summary>
    public static void TanhCpu(Index1D n, ArrayView<float> x, ArrayView<float> y) => Cpu.CpuPointwise.Tanh(n, x, y);
}
