namespace KernelGen.Kernels;

// CPU counterparts of ActivationKernels, which the CPU backend runs instead of the kernels.
public static partial class ActivationKernels
{
    /// <summary>CPU counterpart of <see cref="Relu"/>: SIMD rows.</summary>
    public static void ReluCpu(Index1D n, ArrayView<float> x, ArrayView<float> y) => Cpu.CpuActivations.Forward(n, x, y, 1, 0f);

    /// <summary>CPU counterpart of <see cref="ReluBackward"/>: SIMD rows.</summary>
    public static void ReluBackwardCpu(Index1D n, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx) =>
        Cpu.CpuActivations.Backward(n, y, dy, dx, leaky: false, 0f);

    /// <summary>CPU counterpart of <see cref="LeakyRelu"/>: SIMD rows.</summary>
    public static void LeakyReluCpu(Index1D n, ArrayView<float> x, ArrayView<float> y, float slope) => Cpu.CpuActivations.Forward(n, x, y, 2, slope);

    /// <summary>CPU counterpart of <see cref="LeakyReluBackward"/>: SIMD rows.</summary>
    public static void LeakyReluBackwardCpu(Index1D n, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx, float slope) =>
        Cpu.CpuActivations.Backward(n, y, dy, dx, leaky: true, slope);

    /// <summary>CPU counterpart of <see cref="TanhBackward"/>: SIMD rows.</summary>
    public static void TanhBackwardCpu(Index1D n, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx) =>
        Cpu.CpuActivations.SmoothBackward(n, y, dy, dx, tanh: true);

    /// <summary>CPU counterpart of <see cref="SigmoidBackward"/>: SIMD rows.</summary>
    public static void SigmoidBackwardCpu(Index1D n, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx) =>
        Cpu.CpuActivations.SmoothBackward(n, y, dy, dx, tanh: false);

    /// <summary>CPU counterpart of <see cref="Sigmoid"/>: SIMD through TensorPrimitives.</summary>
    public static void SigmoidCpu(Index1D n, ArrayView<float> x, ArrayView<float> y) => Cpu.CpuPointwise.Sigmoid(n, x, y);

    /// <summary>CPU counterpart of <see cref="Tanh"/>: SIMD through TensorPrimitives.</summary>
    public static void TanhCpu(Index1D n, ArrayView<float> x, ArrayView<float> y) => Cpu.CpuPointwise.Tanh(n, x, y);
}
