using System.ComponentModel;

namespace KernelGen.Models.Gans;

/// <summary>
/// Hyper-parameters every GAN has (defaults: DCGAN's Adam 2e-4 with β1 = 0.5, batch 64, 100 noise dimensions, one
/// discriminator step per generator step).
/// </summary>
public record AdversarialOptions : ModelOptions
{
    /// <summary>Sets the GAN defaults of the base options: batch 64, learning rate 2e-4.</summary>
    public AdversarialOptions()
    {
        BatchSize = 64;
        LearningRate = 2e-4f;
    }

    /// <summary>Noise (latent) dimensions of the generator's input.</summary>
    [Description("Noise (latent) dimensions of the generator's input; at least 1.")]
    public int Latent { get; init; } = 100;

    /// <summary>
    /// Discriminator (critic) steps per generator step, k: the trainer calls a step per batch, and every batch trains
    /// the discriminator while every k-th batch also trains the generator.
    /// </summary>
    [Description("Discriminator (critic) updates per generator update; at least 1.")]
    public int DiscriminatorSteps { get; init; } = 1;

    /// <summary>
    /// PacGAN packing degree m (Lin et al., 2018): the discriminator judges m samples at once, joined along the features
    /// (channels for convolutional ones), all real or all fake. A generator that drops modes makes packs that look
    /// less varied than real ones, which a packed discriminator can see; 1 turns packing off. The batch size must be
    /// a multiple of m.
    /// </summary>
    [Description("Images the discriminator judges together (PacGAN); at least 1 and a divisor of the batch size.")]
    public int Pack { get; init; } = 1;

    /// <summary>
    /// Decay of the moving average of the generator's weights that sampling uses (Yazıcı et al., 2019: an average over
    /// the last ~1/(1 − decay) generator steps smooths away the oscillation of adversarial training); 0 samples from the
    /// trained weights themselves. Training and <see cref="GanModel.Evaluate"/> always use the trained weights.
    /// </summary>
    [Description("Decay of the average of the generator's weights that samples are drawn from; from 0 (off) to less than 1.")]
    public float GeneratorAverage { get; init; }

    /// <summary>Adam's β1 for both networks.</summary>
    [Description("Adam's beta1 for both networks; from 0 to less than 1.")]
    public float Beta1 { get; init; } = 0.5f;

    /// <summary>Adam's β2 for both networks.</summary>
    [Description("Adam's beta2 for both networks; from 0 to less than 1.")]
    public float Beta2 { get; init; } = 0.999f;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Require(Latent >= 1, nameof(Latent), Latent, "at least 1");
        Require(DiscriminatorSteps >= 1, nameof(DiscriminatorSteps), DiscriminatorSteps, "at least 1");
        Require(Pack >= 1 && BatchSize % Pack == 0, nameof(Pack), Pack, $"at least 1 and a divisor of the batch size ({BatchSize})");
        Require(GeneratorAverage >= 0 && GeneratorAverage < 1, nameof(GeneratorAverage), GeneratorAverage, "in [0, 1) (0: off)");
        Require(Beta1 >= 0 && Beta1 < 1, nameof(Beta1), Beta1, "in [0, 1)");
        Require(Beta2 >= 0 && Beta2 < 1, nameof(Beta2), Beta2, "in [0, 1)");
    }
}
