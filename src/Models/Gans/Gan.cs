using KernelGen.Graph;

namespace KernelGen.Models.Gans;

/// <summary>
/// The GAN of Goodfellow et al. with fully connected players (see <see cref="MlpNetworks"/>): the generator minimizes
/// −log D(G(z)) (non-saturating) or log(1 − D(G(z))) (minimax), with k discriminator steps per generator step.
/// </summary>
public sealed class Gan : UnconditionalGan
{
    /// <summary>Creates the model; nothing is allocated until <see cref="GenerativeModel.Build(Accelerator, int, int, int)"/>.</summary>
    public Gan(GanOptions? options = null) : base(options ?? new GanOptions()) { }

    /// <summary>The hyper-parameters.</summary>
    public new GanOptions Options => (GanOptions)base.Options;

    /// <inheritdoc/>
    public override string Kind => "gan";

    /// <inheritdoc/>
    protected override GanObjective Objective =>
        Options.GeneratorLoss == GeneratorLoss.Minimax ? GanObjective.Minimax : GanObjective.NonSaturating;

    /// <inheritdoc/>
    protected override Tensor Generator(GraphBuilder g, Tensor z, Tensor? condition) =>
        MlpNetworks.Generator(g, z, condition, Options.Hidden, Pixels, Options.GeneratorBatchNorm);

    /// <inheritdoc/>
    protected override Tensor Discriminator(GraphBuilder g, Tensor x, Tensor? condition) =>
        MlpNetworks.Discriminator(g, x, condition, Options.Hidden);
}
