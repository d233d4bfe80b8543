namespace KernelGen.Kernels;

/// <summary>
/// Element-wise activations and their backward. Forward kernels may run in place (<c>x</c> and <c>y</c> the
/// same view); backward kernels read the forward output <c>y</c> (so the input need not be kept) and
/// accumulate into <c>dx</c>.
/// </summary>
public static partial class ActivationKernels
{
    /// <summary>y = max(x, 0).</summary>
    [Kernel]
    public static void Relu(Index1D i, ArrayView<float> x, ArrayView<float> y)
    {
        float v = x[i];
        y[i] = v > 0f ? v : 0f;
    }

    /// <summary>dx += dy where y &gt; 0.</summary>
    [Kernel]
    public static void ReluBackward(Index1D i, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx)
    {
        dx[i] += y[i] > 0f ? dy[i] : 0f;
    }

    /// <summary>y = x for x &gt; 0, slope·x otherwise (PyTorch's LeakyReLU; slope must be positive).</summary>
    [Kernel]
    public static void LeakyRelu(Index1D i, ArrayView<float> x, ArrayView<float> y, float slope)
    {
        float v = x[i];
        y[i] = v > 0f ? v : v * slope;
    }

    /// <summary>dx += dy · (y &gt; 0 ? 1 : slope); valid because y has the sign of x for a positive slope.</summary>
    [Kernel]
    public static void LeakyReluBackward(Index1D i, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx, float slope)
    {
        dx[i] += y[i] > 0f ? dy[i] : dy[i] * slope;
    }

    /// <summary>y = 1 / (1 + e^-x), evaluated without overflow for large |x|.</summary>
    [Kernel]
    public static void Sigmoid(Index1D i, ArrayView<float> x, ArrayView<float> y)
    {
        y[i] = StableSigmoid(x[i]);
    }

    /// <summary>dx += dy · y · (1 − y).</summary>
    [Kernel]
    public static void SigmoidBackward(Index1D i, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx)
    {
        float s = y[i];
        dx[i] += dy[i] * s * (1f - s);
    }

    /// <summary>y = tanh(x).</summary>
    [Kernel]
    public static void Tanh(Index1D i, ArrayView<float> x, ArrayView<float> y)
    {
        y[i] = MathF.Tanh(x[i]);
    }

    /// <summary>dx += dy · (1 − y²).</summary>
    [Kernel]
    public static void TanhBackward(Index1D i, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx)
    {
        float t = y[i];
        dx[i] += dy[i] * (1f - t * t);
    }

    /// <summary>1 / (1 + e^-x) using e^-|x| only, so it never overflows.</summary>
    [KernelFunction]
    public static float StableSigmoid(float x)
    {
        float e = MathF.Exp(-MathF.Abs(x));
        return x >= 0f ? 1f / (1f + e) : e / (1f + e);
    }
}
