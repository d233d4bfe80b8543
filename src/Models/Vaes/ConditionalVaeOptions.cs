namespace KernelGen.Models.Vaes;

/// <summary>Hyper-parameters of the conditional VAE (defaults as the MLP VAE: 400 hidden, 20 latent, β = 1, Adam 1e-3, batch 128).</summary>
public record ConditionalVaeOptions : ModelOptions
{
    /// <summary>Hidden units of the encoder and decoder.</summary>
    public int Hidden { get; init; } = 400;

    /// <summary>Latent dimensions.</summary>
    public int Latent { get; init; } = 20;

    /// <summary>Weight of the KL term.</summary>
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
