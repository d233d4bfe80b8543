using System.ComponentModel;

namespace KernelGen.Models.Vaes;

/// <summary>Hyper-parameters of the MLP VAE (defaults: PyTorch's example, 784-400-20, Adam 1e-3, batch 128).</summary>
public record VaeOptions : ModelOptions
{
    /// <summary>Hidden units of the encoder and decoder.</summary>
    [Description("Hidden units of the encoder and decoder; at least 1.")]
    public int Hidden { get; init; } = 400;

    /// <summary>Latent dimensions.</summary>
    [Description("Latent dimensions; at least 1.")]
    public int Latent { get; init; } = 20;

    /// <summary>Weight of the KL term (β-VAE; 1 is the plain VAE).</summary>
    [Description("Weight of the KL term (beta-VAE; 1 is the plain VAE); 0 or more.")]
    public float Beta { get; init; } = 1f;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Require(Hidden >= 1, nameof(Hidden), Hidden, "at least 1");
        Require(Latent >= 1, nameof(Latent), Latent, "at least 1");
        Require(Beta >= 0 && float.IsFinite(Beta), nameof(Beta), Beta, "finite and not negative");
    }
}
