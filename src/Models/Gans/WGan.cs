using KernelGen.Graph;

namespace KernelGen.Models.Gans;

/// <summary>
/// The Wasserstein GAN of Arjovsky et al. with fully connected players: a critic without sigmoid maximizes
/// mean C(x) − mean C(G(z)) with its weights clipped to [−c, c] after every update, n_critic critic steps per
/// generator step; the generator minimizes −mean C(G(z)). Optimizer: see <see cref="WGanOptions"/>.
/// </summary>
public sealed class WGan : UnconditionalGan
{
    /// <summary>Creates the model; nothing is allocated until <see cref="GenerativeModel.Build(Accelerator, int, int, int)"/>.</summary>
    public WGan(WGanOptions? options = null) : base(options ?? new WGanOptions()) { }

    /// <summary>The hyper-parameters.</summary>
    public new WGanOptions Options => (WGanOptions)base.Options;

    /// <inheritdoc/>
    public override string Kind => "wgan";

    /// <inheritdoc/>
    protected override GanObjective Objective => GanObjective.Wasserstein;

    /// <inheritdoc/>
    protected override Tensor Generator(GraphBuilder g, Tensor z, Tensor? condition) =>
        MlpNetworks.Generator(g, z, condition, Options.Hidden, Pixels);

    /// <inheritdoc/>
    protected override Tensor Discriminator(GraphBuilder g, Tensor x, Tensor? condition) =>
        MlpNetworks.Discriminator(g, x, condition, Options.Hidden);

    /// <inheritdoc/>
    protected override Optimizer DiscriminatorOptimizer() =>
        new Adam(Options.LearningRate, Options.Beta1, Options.Beta2) { WeightClip = Options.Clip };
}
