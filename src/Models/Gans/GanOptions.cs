using System.ComponentModel;

namespace KernelGen.Models.Gans;

/// <summary>Hyper-parameters of the MLP GAN (defaults: two hidden layers of 256 in each network, non-saturating loss, k = 1).</summary>
public record GanOptions : AdversarialOptions
{
    /// <summary>Units of each of the two hidden layers of the generator and the discriminator.</summary>
    [Description("Units of each of the two hidden layers of the generator and the discriminator; at least 1.")]
    public int Hidden { get; init; } = 256;

    /// <summary>BatchNorm before each hidden activation of the generator (batch statistics in training, running ones when sampling).</summary>
    [Description("BatchNorm before each hidden activation of the generator.")]
    public bool GeneratorBatchNorm { get; init; }

    /// <summary>The generator's loss.</summary>
    [Description("The generator's loss.")]
    public GeneratorLoss GeneratorLoss { get; init; } = GeneratorLoss.NonSaturating;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Require(Hidden >= 1, nameof(Hidden), Hidden, "at least 1");
        Require(Enum.IsDefined(GeneratorLoss), nameof(GeneratorLoss), GeneratorLoss, "a defined loss");
    }
}
