using System.ComponentModel;

namespace KernelGen.Models.Gans;

/// <summary>Hyper-parameters of the DCGAN (defaults: 64 base feature maps, non-saturating loss, Adam 2e-4, β1 = 0.5).</summary>
public record DcGanOptions : AdversarialOptions
{
    /// <summary>
    /// Base feature maps F: the generator has 2F maps at a quarter of the image size and F at half; the
    /// discriminator F at half and 2F at a quarter.
    /// </summary>
    [Description("Base feature maps F of both networks (2F at a quarter of the image size, F at half); at least 1.")]
    public int Features { get; init; } = 64;

    /// <summary>The generator's loss.</summary>
    [Description("The generator's loss.")]
    public GeneratorLoss GeneratorLoss { get; init; } = GeneratorLoss.NonSaturating;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Require(Features >= 1, nameof(Features), Features, "at least 1");
        Require(Enum.IsDefined(GeneratorLoss), nameof(GeneratorLoss), GeneratorLoss, "a defined loss");
    }
}
