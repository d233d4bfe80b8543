namespace KernelGen.Models.Gans;

/// <summary>
/// One epoch of a GAN's training as <see cref="GanHealth"/> reads it: the mean losses, D(x) and D(G(z)) (null for a
/// critic, whose scores are not probabilities), the players' mean gradient norms and, when a judge classified samples,
/// the share of each class among them.
/// </summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="DLoss">Mean discriminator (critic) loss.</param>
/// <param name="GLoss">Mean generator loss.</param>
/// <param name="DReal">Mean D(x) on real images; null for a critic.</param>
/// <param name="DFake">Mean D(G(z)); null for a critic.</param>
/// <param name="DGradNorm">Mean ‖∇‖₂ of the discriminator's parameters per discriminator step.</param>
/// <param name="GGradNorm">Mean ‖∇‖₂ of the generator's parameters per generator step.</param>
/// <param name="Coverage">The smallest and the largest class among judged samples, or null when not judged.</param>
public sealed record GanSignals(int Epoch, double DLoss, double GLoss, double? DReal, double? DFake, double DGradNorm, double GGradNorm,
    ClassCoverage? Coverage = null)
{
    /// <summary>The named loss of a GAN that holds <see cref="DGradNorm"/>.</summary>
    public const string DGradNormName = "d_grad_norm";

    /// <summary>The named loss of a GAN that holds <see cref="GGradNorm"/>.</summary>
    public const string GGradNormName = "g_grad_norm";

    /// <summary>
    /// The signals of an epoch from a GAN's mean training losses (<see cref="GanModel.LossNames"/>); a missing one
    /// names what is missing.
    /// </summary>
    public static GanSignals FromLosses(int epoch, IReadOnlyDictionary<string, float> losses, ClassCoverage? coverage = null)
    {
        double Get(string name) => losses.TryGetValue(name, out var v) ? v
            : throw new ArgumentException($"The losses of epoch {epoch} have no '{name}' (they have: {string.Join(", ", losses.Keys)}); they are not a GAN's.", nameof(losses));
        bool critic = !losses.ContainsKey("d_real");
        return new GanSignals(epoch, Get("d_loss"), Get("g_loss"), critic ? null : Get("d_real"), critic ? null : Get("d_fake"),
            Get(DGradNormName), Get(GGradNormName), coverage);
    }
}
