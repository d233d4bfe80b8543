using KernelGen.Graph;

namespace KernelGen.Models.Gans;

/// <summary>
/// The conditional GAN of Mirza and Osindero with fully connected players: the one-hot label is joined to the noise
/// and to the discriminator's input. Fakes in both steps are made for the labels of the real batch.
/// </summary>
public sealed class ConditionalGan : GanModel, IConditionalSampler, IConditionalDecoder
{
    /// <summary>Creates the model; nothing is allocated until <see cref="GenerativeModel.Build(Accelerator, int, int, int)"/>.</summary>
    public ConditionalGan(ConditionalGanOptions? options = null) : base(options ?? new ConditionalGanOptions()) { }

    /// <summary>The hyper-parameters.</summary>
    public new ConditionalGanOptions Options => (ConditionalGanOptions)base.Options;

    /// <inheritdoc/>
    public override string Kind => "cgan";

    /// <inheritdoc/>
    protected override bool Conditional => true;

    /// <inheritdoc/>
    protected override GanObjective Objective =>
        Options.GeneratorLoss == GeneratorLoss.Minimax ? GanObjective.Minimax : GanObjective.NonSaturating;

    /// <inheritdoc/>
    protected override Tensor Generator(GraphBuilder g, Tensor z, Tensor? condition) =>
        MlpNetworks.Generator(g, z, condition, Options.Hidden, Pixels);

    /// <inheritdoc/>
    protected override Tensor Discriminator(GraphBuilder g, Tensor x, Tensor? condition) =>
        MlpNetworks.Discriminator(g, x, condition, Options.Hidden);

    /// <inheritdoc/>
    public float[] Sample(ReadOnlySpan<int> labels, ulong seed) => Decode(HostNoise.Normal(labels.Length * LatentSize, seed), labels);

    /// <summary>The generator's images (values in [0, 1]) of one noise vector per label.</summary>
    public float[] Decode(ReadOnlySpan<float> latents, ReadOnlySpan<int> labels) => Generate(latents, labels.Length, labels);
}
