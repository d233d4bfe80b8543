namespace KernelGen.Kernels;

/// <summary>How a loss reduces its per-element (or per-sample) terms to one scalar, as PyTorch's <c>reduction=</c>.</summary>
public enum LossReduction
{
    /// <summary>The sum divided by the count the loss documents (elements for element-wise losses, the batch otherwise).</summary>
    Mean,

    /// <summary>The plain sum.</summary>
    Sum,
}
