namespace KernelGen.Kernels;

/// <summary>
/// Host-side entry points of the activations in <see cref="ActivationKernels"/>. Forward ops write <c>y</c> and may
/// run in place (<c>x</c> and <c>y</c> the same view); backward ops accumulate into <c>dx</c>. The backward of ReLU,
/// LeakyReLU, sigmoid, tanh and ELU reads the output <c>y</c>; that of Softplus and GELU reads the input <c>x</c>.
/// </summary>
public static class Activations
{
    /// <summary>y = max(x, 0).</summary>
    public static void Relu(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> y)
    {
        OpChecks.SameLength("Relu", "x", x, "y", y);
        stream.Launch(ActivationKernels.ReluKernel, x.Length, x, y);
    }

    /// <summary>dx += dy where y &gt; 0.</summary>
    public static void ReluBackward(AcceleratorStream stream, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx)
    {
        CheckBackward("ReluBackward", "y", y, dy, dx);
        stream.Launch(ActivationKernels.ReluBackwardKernel, y.Length, y, dy, dx);
    }

    /// <summary>y = x for x &gt; 0, slope·x otherwise (slope positive; PyTorch's default is 0.01).</summary>
    public static void LeakyRelu(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> y, float slope = 0.01f)
    {
        OpChecks.SameLength("LeakyRelu", "x", x, "y", y);
        OpChecks.PositiveFinite("LeakyRelu", nameof(slope), slope);
        stream.Launch(ActivationKernels.LeakyReluKernel, x.Length, x, y, slope);
    }

    /// <summary>dx += dy · (y &gt; 0 ? 1 : slope).</summary>
    public static void LeakyReluBackward(AcceleratorStream stream, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx, float slope = 0.01f)
    {
        CheckBackward("LeakyReluBackward", "y", y, dy, dx);
        OpChecks.PositiveFinite("LeakyReluBackward", nameof(slope), slope);
        stream.Launch(ActivationKernels.LeakyReluBackwardKernel, y.Length, y, dy, dx, slope);
    }

    /// <summary>y = 1 / (1 + e^-x).</summary>
    public static void Sigmoid(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> y)
    {
        OpChecks.SameLength("Sigmoid", "x", x, "y", y);
        stream.Launch(ActivationKernels.SigmoidKernel, x.Length, x, y);
    }

    /// <summary>dx += dy · y · (1 − y).</summary>
    public static void SigmoidBackward(AcceleratorStream stream, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx)
    {
        CheckBackward("SigmoidBackward", "y", y, dy, dx);
        stream.Launch(ActivationKernels.SigmoidBackwardKernel, y.Length, y, dy, dx);
    }

    /// <summary>y = tanh(x).</summary>
    public static void Tanh(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> y)
    {
        OpChecks.SameLength("Tanh", "x", x, "y", y);
        stream.Launch(ActivationKernels.TanhKernel, x.Length, x, y);
    }

    /// <summary>dx += dy · (1 − y²).</summary>
    public static void TanhBackward(AcceleratorStream stream, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx)
    {
        CheckBackward("TanhBackward", "y", y, dy, dx);
        stream.Launch(ActivationKernels.TanhBackwardKernel, y.Length, y, dy, dx);
    }

    /// <summary>y = x for x &gt; 0, alpha·(e^x − 1) otherwise (alpha positive; PyTorch's default 1). May run in place.</summary>
    public static void Elu(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> y, float alpha = 1f)
    {
        OpChecks.SameLength("Elu", "x", x, "y", y);
        OpChecks.PositiveFinite("Elu", nameof(alpha), alpha);
        stream.Launch(ActivationKernels.EluKernel, x.Length, x, y, alpha);
    }

    /// <summary>dx += dy · (y &gt; 0 ? 1 : y + alpha), from the forward output <paramref name="y"/>.</summary>
    public static void EluBackward(AcceleratorStream stream, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx, float alpha = 1f)
    {
        CheckBackward("EluBackward", "y", y, dy, dx);
        OpChecks.PositiveFinite("EluBackward", nameof(alpha), alpha);
        stream.Launch(ActivationKernels.EluBackwardKernel, y.Length, y, dy, dx, alpha);
    }

    /// <summary>
    /// y = log(1 + e^(beta·x)) / beta, linear (y = x) where beta·x &gt; threshold (PyTorch's defaults beta 1,
    /// threshold 20). The backward needs <paramref name="x"/>: do not run in place when it follows.
    /// </summary>
    public static void Softplus(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> y, float beta = 1f, float threshold = 20f)
    {
        OpChecks.SameLength("Softplus", "x", x, "y", y);
        OpChecks.PositiveFinite("Softplus", nameof(beta), beta);
        stream.Launch(ActivationKernels.SoftplusKernel, x.Length, x, y, beta, threshold);
    }

    /// <summary>dx += dy · sigmoid(beta·x) (dy above the threshold), from the forward input <paramref name="x"/>.</summary>
    public static void SoftplusBackward(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> dy, ArrayView<float> dx, float beta = 1f, float threshold = 20f)
    {
        CheckBackward("SoftplusBackward", "x", x, dy, dx);
        OpChecks.PositiveFinite("SoftplusBackward", nameof(beta), beta);
        stream.Launch(ActivationKernels.SoftplusBackwardKernel, x.Length, x, dy, dx, beta, threshold);
    }

    /// <summary>
    /// GELU, exact (erf) by default or the tanh approximation. The backward needs <paramref name="x"/>: do not run in
    /// place when it follows.
    /// </summary>
    public static void Gelu(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> y, GeluApproximation approximation = GeluApproximation.None)
    {
        OpChecks.SameLength("Gelu", "x", x, "y", y);
        stream.Launch(approximation == GeluApproximation.Tanh ? ActivationKernels.GeluTanhKernel : ActivationKernels.GeluKernel, x.Length, x, y);
    }

    /// <summary>dx += dy · GELU'(x), from the forward input <paramref name="x"/>, in the same form as the forward.</summary>
    public static void GeluBackward(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> dy, ArrayView<float> dx, GeluApproximation approximation = GeluApproximation.None)
    {
        CheckBackward("GeluBackward", "x", x, dy, dx);
        stream.Launch(approximation == GeluApproximation.Tanh ? ActivationKernels.GeluTanhBackwardKernel : ActivationKernels.GeluBackwardKernel, x.Length, x, dy, dx);
    }

    private static void CheckBackward(string op, string saved, ArrayView<float> s, ArrayView<float> dy, ArrayView<float> dx)
    {
        OpChecks.SameLength(op, saved, s, "dy", dy);
        OpChecks.SameLength(op, saved, s, "dx", dx);
    }
}
