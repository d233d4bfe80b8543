using KernelGen.Runtime.Cpu;

namespace KernelGen.Kernels.Cpu;

/// <summary>ReLU and LeakyReLU forward and backward, tanh and sigmoid backward, on the CPU pool in SIMD rows (<see cref="CpuVector"/>).</summary>
internal static class CpuActivations
{
    /// <summary>y = act(x) for the first <paramref name="n"/> elements (kind 1 ReLU, 2 LeakyReLU).</summary>
    public static void Forward(int n, ArrayView<float> x, ArrayView<float> y, int kind, float slope) =>
        CpuThreadPool.Shared.For(n, new ForwardBody { X = x, Y = y, Kind = kind, Slope = slope }, CpuLaunch.Grain);

    /// <summary>dx += dy where y &gt; 0, else dy·slope (LeakyReLU) or nothing (ReLU).</summary>
    public static void Backward(int n, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx, bool leaky, float slope) =>
        CpuThreadPool.Shared.For(n, new BackwardBody { Y = y, Dy = dy, Dx = dx, Leaky = leaky, Slope = slope }, CpuLaunch.Grain);

    /// <summary>dx += dy·(1 − y²) (tanh) or dy·y·(1 − y) (sigmoid).</summary>
    public static void SmoothBackward(int n, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx, bool tanh) =>
        CpuThreadPool.Shared.For(n, new SmoothBackwardBody { Y = y, Dy = dy, Dx = dx, Tanh = tanh }, CpuLaunch.Grain);

    private struct SmoothBackwardBody : ICpuRangeBody
    {
        public ArrayView<float> Y, Dy, Dx;
        public bool Tanh;

        public readonly void Run(int start, int end) =>
            CpuVector.SmoothBackward(Y.AsSpan()[start..end], Dy.AsSpan()[start..end], Dx.AsSpan()[start..end], Tanh);
    }

    private struct ForwardBody : ICpuRangeBody
    {
        public ArrayView<float> X, Y;
        public int Kind;
        public float Slope;

        public readonly void Run(int start, int end) => CpuVector.Activate(X.AsSpan()[start..end], Y.AsSpan()[start..end], Kind, Slope);
    }

    private struct BackwardBody : ICpuRangeBody
    {
        public ArrayView<float> Y, Dy, Dx;
        public bool Leaky;
        public float Slope;

        public readonly void Run(int start, int end) =>
            CpuVector.ActivationBackward(Y.AsSpan()[start..end], Dy.AsSpan()[start..end], Dx.AsSpan()[start..end], Leaky, Slope);
    }
}
