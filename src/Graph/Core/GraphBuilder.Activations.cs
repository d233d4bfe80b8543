using KernelGen.Graph.Ops;
using KernelGen.Kernels;

namespace KernelGen.Graph;

public sealed partial class GraphBuilder
{
    /// <summary>ELU: x for x &gt; 0, α(eˣ − 1) otherwise (PyTorch's default α = 1).</summary>
    public Tensor Elu(Tensor x, float alpha = 1f, string? name = null)
    {
        if (!(alpha > 0) || !float.IsFinite(alpha)) throw new GraphException($"ELU '{name ?? "elu"}': alpha must be positive and finite, got {alpha} (inputs: {x}).");
        return Add(new ActivationOp(this, "ELU", name ?? "elu", x, ActivationKernels.EluKernel, ActivationKernels.EluBackwardKernel, alpha));
    }

    /// <summary>Softplus log(1 + e^(βx))/β, linear where βx exceeds the threshold (PyTorch's defaults β = 1, threshold 20).</summary>
    public Tensor Softplus(Tensor x, float beta = 1f, float threshold = 20f, string? name = null) =>
        Add(InputActivationOp.Softplus(this, name ?? "softplus", x, beta, threshold));

    /// <summary>GELU, exact (erf) by default or with the tanh approximation.</summary>
    public Tensor Gelu(Tensor x, GeluApproximation approximation = GeluApproximation.None, string? name = null) =>
        Add(InputActivationOp.Gelu(this, name ?? "gelu", x, approximation));
}
