using System.ComponentModel;

namespace KernelGen.Models.Autoencoders;

/// <summary>
/// Hyper-parameters of the convolutional autoencoder (defaults: 3×3 convolutions 1→16→32 with ReLU and 2×2 max
/// pooling, 28→14→7, a 32-unit code, transposed-convolution decoder, cross-entropy, Adam 1e-3, batch 128).
/// </summary>
public record ConvAutoencoderOptions : ModelOptions
{
    /// <summary>Channels of the encoder's convolution stages; each stage halves the image size.</summary>
    [Description("Channels of the encoder's convolution stages, each halving the image size; each at least 1.")]
    public int[] Channels { get; init; } = [16, 32];

    /// <summary>Units of the code between the encoder's last feature map and the decoder's first (a linear layer each way).</summary>
    [Description("Units of the code between the encoder's last feature map and the decoder's first; at least 1.")]
    public int Latent { get; init; } = 32;

    /// <summary>How the decoder doubles the image size.</summary>
    [Description("How the decoder doubles the image size.")]
    public ConvDecoder Decoder { get; init; } = ConvDecoder.TransposedConv;

    /// <summary>The reconstruction loss (of the sigmoid output).</summary>
    [Description("Reconstruction loss of the sigmoid output.")]
    public ReconstructionLoss Loss { get; init; } = ReconstructionLoss.CrossEntropy;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Require(Channels is { Length: > 0 }, nameof(Channels), Channels is null ? "null" : "[]", "at least one stage");
        foreach (var c in Channels!)
            Require(c >= 1, nameof(Channels), $"[{string.Join(", ", Channels)}]", "channel counts of at least 1");
        Require(Latent >= 1, nameof(Latent), Latent, "at least 1");
        Require(Enum.IsDefined(Decoder), nameof(Decoder), Decoder, "transposed-conv or upsample-conv");
        Require(Enum.IsDefined(Loss), nameof(Loss), Loss, "mse or cross-entropy");
    }
}
