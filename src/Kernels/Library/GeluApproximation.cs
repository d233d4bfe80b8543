namespace KernelGen.Kernels;

/// <summary>Which form of GELU to compute.</summary>
public enum GeluApproximation
{
    /// <summary>The exact form ½x(1 + erf(x/√2)) (PyTorch's default, <c>approximate='none'</c>).</summary>
    None,

    /// <summary>The tanh approximation (PyTorch's <c>approximate='tanh'</c>).</summary>
    Tanh,
}
