using System.ComponentModel;

namespace KernelGen.Models.PixelCnn;

/// <summary>
/// Hyper-parameters of the PixelCNN: a 7×7 mask-A convolution, <see cref="Layers"/> residual mask-B convolutions of
/// <see cref="Kernel"/>×<see cref="Kernel"/> with ReLU, then two 1×1 convolutions down to one logit per pixel.
/// </summary>
public record PixelCnnOptions : ModelOptions
{
    /// <summary>Creates the defaults: 48 channels, 6 mask-B layers of 3×3, 7×7 first layer, batch 64, Adam 1e-3.</summary>
    public PixelCnnOptions() => BatchSize = 64;

    /// <summary>Feature maps of every masked layer.</summary>
    [Description("Feature maps of every masked layer; at least 1.")]
    public int Channels { get; init; } = 48;

    /// <summary>Number of mask-B layers after the mask-A layer.</summary>
    [Description("Mask-B layers after the mask-A layer; 0 or more.")]
    public int Layers { get; init; } = 6;

    /// <summary>Kernel of the mask-B layers (odd: 3 or 5 are usual).</summary>
    [Description("Kernel of the mask-B layers; odd, at least 1.")]
    public int Kernel { get; init; } = 3;

    /// <summary>Kernel of the first (mask-A) layer (odd).</summary>
    [Description("Kernel of the first (mask-A) layer; odd, at least 3.")]
    public int FirstKernel { get; init; } = 7;

    /// <summary>Feature maps of the 1×1 layer before the logits.</summary>
    [Description("Feature maps of the 1x1 layer before the logits; at least 1.")]
    public int OutputChannels { get; init; } = 64;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Require(Channels >= 1, nameof(Channels), Channels, "at least 1");
        Require(Layers >= 0, nameof(Layers), Layers, "0 or more");
        Require(Kernel >= 1 && Kernel % 2 == 1, nameof(Kernel), Kernel, "an odd number ≥ 1");
        Require(FirstKernel >= 3 && FirstKernel % 2 == 1, nameof(FirstKernel), FirstKernel, "an odd number ≥ 3 (mask A of a 1×1 kernel sees nothing)");
        Require(OutputChannels >= 1, nameof(OutputChannels), OutputChannels, "at least 1");
    }
}
