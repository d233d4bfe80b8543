namespace KernelGen.Kernels;

/// <summary>
/// Element-wise activations and their backward. Forward kernels may run in place (<c>x</c> and <c>y</c> the
/// same view). Backward kernels accumulate into <c>dx</c>; most read the forward output <c>y</c> (so the input
/// need not be kept, and the forward may run in place), but Softplus and GELU read the input <c>x</c>: their
/// forward must not overwrite it when a backward follows.
/// </summary>
public static partial class ActivationKernels
{
    /// <summary>y = max(x, 0).</summary>
    [Kernel(CpuCounterpart = "ReluCpu")]
    public static void Relu(Index1D i, ArrayView<float> x, ArrayView<float> y)
    {
        float v = x[i];
        y[i] = v > 0f ? v : 0f;
    }

    /// <summary>dx += dy where y &gt; 0.</summary>
    [Kernel(CpuCounterpart = "ReluBackwardCpu")]
    public static void ReluBackward(Index1D i, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx)
    {
        dx[i] += y[i] > 0f ? dy[i] : 0f;
    }

    /// <summary>y = x for x &gt; 0, slope·x otherwise (PyTorch's LeakyReLU; slope must be positive).</summary>
    [Kernel(CpuCounterpart = "LeakyReluCpu")]
    public static void LeakyRelu(Index1D i, ArrayView<float> x, ArrayView<float> y, float slope)
    {
        float v = x[i];
        y[i] = v > 0f ? v : v * slope;
    }

    /// <summary>dx += dy · (y &gt; 0 ? 1 : slope); valid because y has the sign of x for a positive slope.</summary>
    [Kernel(CpuCounterpart = "LeakyReluBackwardCpu")]
    public static void LeakyReluBackward(Index1D i, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx, float slope)
    {
        dx[i] += y[i] > 0f ? dy[i] : dy[i] * slope;
    }

    /// <summary>y = 1 / (1 + e^-x), evaluated without overflow for large |x|.</summary>
    [Kernel(CpuCounterpart = "SigmoidCpu")]
    public static void Sigmoid(Index1D i, ArrayView<float> x, ArrayView<float> y)
    {
        y[i] = StableSigmoid(x[i]);
    }

    /// <summary>dx += dy · y · (1 − y).</summary>
    [Kernel(CpuCounterpart = "SigmoidBackwardCpu")]
    public static void SigmoidBackward(Index1D i, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx)
    {
        float s = y[i];
        dx[i] += dy[i] * s * (1f - s);
    }

    /// <summary>y = tanh(x).</summary>
    [Kernel(CpuCounterpart = "TanhCpu")]
    public static void Tanh(Index1D i, ArrayView<float> x, ArrayView<float> y)
    {
        y[i] = MathF.Tanh(x[i]);
    }

    /// <summary>dx += dy · (1 − y²).</summary>
    [Kernel(CpuCounterpart = "TanhBackwardCpu")]
    public static void TanhBackward(Index1D i, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx)
    {
        float t = y[i];
        dx[i] += dy[i] * (1f - t * t);
    }

    private const float InvSqrt2 = 0.70710678118654752f;
    private const float InvSqrt2Pi = 0.39894228040143268f;
    private const float SqrtTwoOverPi = 0.79788456080286536f;
    private const float GeluCubic = 0.044715f;

    /// <summary>y = x for x &gt; 0, alpha·(e^x − 1) otherwise (PyTorch's ELU; alpha must be positive).</summary>
    [Kernel]
    public static void Elu(Index1D i, ArrayView<float> x, ArrayView<float> y, float alpha)
    {
        float v = x[i];
        y[i] = v > 0f ? v : alpha * float.ExpM1(v);
    }

    /// <summary>dx += dy · (y &gt; 0 ? 1 : y + alpha); reads only the output, so the forward may run in place.</summary>
    [Kernel]
    public static void EluBackward(Index1D i, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx, float alpha)
    {
        float o = y[i];
        dx[i] += o > 0f ? dy[i] : dy[i] * (o + alpha);
    }

    /// <summary>y = log(1 + e^(beta·x)) / beta, or x where beta·x &gt; threshold (PyTorch's Softplus).</summary>
    [Kernel]
    public static void Softplus(Index1D i, ArrayView<float> x, ArrayView<float> y, float beta, float threshold)
    {
        float v = x[i];
        float bx = v * beta;
        y[i] = bx > threshold ? v : float.LogP1(MathF.Exp(bx)) / beta;
    }

    /// <summary>dx += dy · sigmoid(beta·x) (1 above the threshold); reads the input <c>x</c>.</summary>
    [Kernel]
    public static void SoftplusBackward(Index1D i, ArrayView<float> x, ArrayView<float> dy, ArrayView<float> dx, float beta, float threshold)
    {
        float bx = x[i] * beta;
        dx[i] += bx > threshold ? dy[i] : dy[i] * StableSigmoid(bx);
    }

    /// <summary>y = x·Φ(x) = ½x(1 + erf(x/√2)) (PyTorch's exact GELU, its default).</summary>
    [Kernel]
    public static void Gelu(Index1D i, ArrayView<float> x, ArrayView<float> y)
    {
        float v = x[i];
        y[i] = 0.5f * v * (1f + KernelMath.Erf(v * InvSqrt2));
    }

    /// <summary>dx += dy · (Φ(x) + x·φ(x)); reads the input <c>x</c>.</summary>
    [Kernel]
    public static void GeluBackward(Index1D i, ArrayView<float> x, ArrayView<float> dy, ArrayView<float> dx)
    {
        float v = x[i];
        float cdf = 0.5f * (1f + KernelMath.Erf(v * InvSqrt2));
        float pdf = InvSqrt2Pi * MathF.Exp(-0.5f * v * v);
        dx[i] += dy[i] * (cdf + v * pdf);
    }

    /// <summary>y = ½x(1 + tanh(√(2/π)(x + 0.044715x³))) (PyTorch's GELU with approximate='tanh').</summary>
    [Kernel]
    public static void GeluTanh(Index1D i, ArrayView<float> x, ArrayView<float> y)
    {
        float v = x[i];
        y[i] = 0.5f * v * (1f + MathF.Tanh(SqrtTwoOverPi * (v + GeluCubic * v * v * v)));
    }

    /// <summary>dx += dy · d/dx of <see cref="GeluTanh"/>; reads the input <c>x</c>.</summary>
    [Kernel]
    public static void GeluTanhBackward(Index1D i, ArrayView<float> x, ArrayView<float> dy, ArrayView<float> dx)
    {
        float v = x[i];
        float u = SqrtTwoOverPi * (v + GeluCubic * v * v * v);
        float t = MathF.Tanh(u);
        // sech²(u) = 1 − t²; past |u| = 10 it is below 1e-8 and t rounds to ±1, but a tanh a few ulp short of 1
        // (PoCL's) would leave 1e-7 there, which the factor x·(1 + 3·0.044715·x²) blows up: take it as 0.
        float sech2 = MathF.Abs(u) > 10f ? 0f : 1f - t * t;
        float inner = SqrtTwoOverPi * (1f + 3f * GeluCubic * v * v);
        dx[i] += dy[i] * (0.5f * (1f + t) + 0.5f * v * sech2 * inner);
    }

    /// <summary>1 / (1 + e^-x) using e^-|x| only, so it never overflows.</summary>
    [KernelFunction]
    public static float StableSigmoid(float x)
    {
        float e = MathF.Exp(-MathF.Abs(x));
        return x >= 0f ? 1f / (1f + e) : e / (1f + e);
    }
}
