using System.ComponentModel;

namespace KernelGen.Models.Autoencoders;

/// <summary>
/// Hyper-parameters of the fully connected autoencoder (defaults: 784-64-784 sigmoid units, untied weights,
/// cross-entropy, Adam 1e-3, batch 128). <see cref="Hidden"/> lists the encoder's layer widths; the decoder mirrors
/// them, so <c>[256, 64]</c> is a stacked (deep) autoencoder with a 64-unit code.
/// </summary>
public record AutoencoderOptions : ModelOptions
{
    /// <summary>Widths of the encoder's layers; the last is the code. Wider than the image is overcomplete.</summary>
    [Description("Widths of the encoder's layers, the last being the code; each at least 1.")]
    public int[] Hidden { get; init; } = [64];

    /// <summary>The units of the hidden layers (<see cref="HiddenActivation.Linear"/>: the linear autoencoder).</summary>
    [Description("Units of the hidden layers (linear: the linear autoencoder).")]
    public HiddenActivation Activation { get; init; } = HiddenActivation.Sigmoid;

    /// <summary>Whether each decoder layer uses the transpose of its mirror encoder layer's weight (Wᵀ).</summary>
    [Description("Each decoder layer uses the transpose of its mirror encoder layer's weights.")]
    public bool TiedWeights { get; init; }

    /// <summary>The reconstruction loss.</summary>
    [Description("Reconstruction loss (cross-entropy needs sigmoid or relu units).")]
    public ReconstructionLoss Loss { get; init; } = ReconstructionLoss.CrossEntropy;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Require(Hidden is { Length: > 0 }, nameof(Hidden), Hidden is null ? "null" : "[]", "at least one layer width");
        foreach (var width in Hidden!)
            Require(width >= 1, nameof(Hidden), $"[{string.Join(", ", Hidden)}]", "widths of at least 1");
        Require(Enum.IsDefined(Activation), nameof(Activation), Activation, "sigmoid, linear or relu");
        Require(Enum.IsDefined(Loss), nameof(Loss), Loss, "mse or cross-entropy");
        Require(!(Activation == HiddenActivation.Linear && Loss == ReconstructionLoss.CrossEntropy), nameof(Loss), Loss,
            "mse for a linear autoencoder (its output is not a probability)");
    }
}
