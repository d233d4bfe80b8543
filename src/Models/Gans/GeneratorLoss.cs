namespace KernelGen.Models.Gans;

/// <summary>What the generator of a (non-Wasserstein) GAN minimizes.</summary>
public enum GeneratorLoss
{
    /// <summary>−log D(G(z)) (Goodfellow et al.'s practical choice: strong gradients early in training).</summary>
    NonSaturating,

    /// <summary>log(1 − D(G(z))), the minimax game as written (gradients vanish while D rejects fakes confidently).</summary>
    Minimax,
}
