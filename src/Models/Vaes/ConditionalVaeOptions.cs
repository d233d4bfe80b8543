namespace KernelGen.Models.Vaes;

/// <summary>
/// Hyper-parameters of the conditional VAE: those of the MLP VAE (400 hidden, 20 latent, Adam 1e-3, batch 128) with
/// β = 5 by default. The stronger KL weight leaves the class to the label: at β = 1 the latent carries it too, and
/// samples from the prior are their conditioning class only 72% (digits) / 63% (Fashion-MNIST) of the time; at β = 5
/// (with the label on both decoder layers) 99% / 83% (docs/models.md).
/// </summary>
public record ConditionalVaeOptions : VaeOptions
{
    /// <summary>Sets the conditional VAE's default β of 5.</summary>
    public ConditionalVaeOptions() => Beta = 5f;
}
