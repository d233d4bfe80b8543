namespace KernelGen.Kernels;

// CPU counterparts of PoolKernels, which the CPU backend runs instead of the kernels.
public static partial class PoolKernels
{
    /// <summary>CPU counterpart of <see cref="MaxPool2D"/>: one plane per task, no index division per output.</summary>
    public static void MaxPool2DCpu(Index1D n, ArrayView<float> x, ArrayView<float> y, ArrayView<int> argmax,
        int h, int w, int oh, int ow, int kernel, int stride, int padding) =>
        Cpu.CpuMaxPool.Forward(n, x, y, argmax, h, w, oh, ow, kernel, stride, padding);

    /// <summary>CPU counterpart of <see cref="MaxPool2DBackward"/>: each plane's gradients scattered to their argmax, then added.</summary>
    public static void MaxPool2DBackwardCpu(Index1D n, ArrayView<float> dy, ArrayView<int> argmax, ArrayView<float> dx,
        int h, int w, int oh, int ow, int kernel, int stride, int padding) =>
        Cpu.CpuMaxPool.Backward(n, dy, argmax, dx, h, w, oh, ow, kernel, stride, padding);
}
