using KernelGen.Graph;
using KernelGen.Kernels;

namespace KernelGen.Models.Vaes;

/// <summary>The VAE loss shared by the VAE variants: BCE summed over pixels + β·KL, per image (averaged over the batch).</summary>
internal static class VaeObjective
{
    /// <summary>Adds the loss nodes; <paramref name="logits"/> and <paramref name="target"/> have the same shape. Marks BCE and KL as outputs.</summary>
    public static (Tensor Loss, Tensor Bce, Tensor Kl) PerImage(GraphBuilder g, Tensor logits, Tensor target, Tensor mu, Tensor logvar, float beta, int batch)
    {
        var bce = g.Scale(g.BinaryCrossEntropyWithLogits(logits, target, LossReduction.Sum), 1f / batch, "bce_per_image");
        var kl = g.Scale(g.GaussianKl(mu, logvar, LossReduction.Sum), 1f / batch, "kl_per_image");
        var loss = g.Add(bce, g.Scale(kl, beta, "beta_kl"), "loss");
        g.MarkOutput(bce);
        g.MarkOutput(kl);
        return (loss, bce, kl);
    }
}
