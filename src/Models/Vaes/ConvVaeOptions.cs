using System.ComponentModel;

namespace KernelGen.Models.Vaes;

/// <summary>
/// Hyper-parameters of the convolutional VAE (defaults: 32/64 channels, 20 latent dimensions, β = 1, Adam 1e-3,
/// batch 128).
/// </summary>
public record ConvVaeOptions : ModelOptions
{
    /// <summary>Channels of the first convolution; the second has twice as many.</summary>
    [Description("Channels of the first convolution (the second has twice as many); at least 1.")]
    public int Channels { get; init; } = 32;

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
        Require(Channels >= 1, nameof(Channels), Channels, "at least 1");
        Require(Latent >= 1, nameof(Latent), Latent, "at least 1");
        Require(Beta >= 0 && float.IsFinite(Beta), nameof(Beta), Beta, "finite and not negative");
    }
}
