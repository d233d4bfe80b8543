namespace KernelGen.Models.Vaes;

/// <summary>Hyper-parameters of the conditional VAE: those of the MLP VAE (400 hidden, 20 latent, β = 1, Adam 1e-3, batch 128).</summary>
public record ConditionalVaeOptions : VaeOptions;
