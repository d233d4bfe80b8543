using System.ComponentModel;

namespace KernelGen.Models.PixelCnn;

/// <summary>
/// Hyper-parameters of the PixelRNN (Row LSTM): a 7×7 mask-A convolution to 2·<see cref="Hidden"/> feature maps,
/// <see cref="Layers"/> residual Row LSTM layers of <see cref="Hidden"/> units per pixel with 1×<see cref="Kernel"/>
/// input-to-state and state-to-state convolutions, then two 1×1 convolutions down to one logit per pixel.
/// </summary>
public record PixelRnnOptions : ModelOptions
{
    /// <summary>Creates the defaults: 32 units, 2 Row LSTM layers, kernels 3 and 7, 64 output maps, batch 64, Adam 1e-3.</summary>
    public PixelRnnOptions() => BatchSize = 64;

    /// <summary>LSTM units per pixel of every Row LSTM layer (the residual stream has twice as many maps).</summary>
    [Description("LSTM units per pixel of every Row LSTM layer; at least 1.")]
    public int Hidden { get; init; } = 32;

    /// <summary>Number of Row LSTM layers.</summary>
    [Description("Row LSTM layers; at least 1.")]
    public int Layers { get; init; } = 2;

    /// <summary>Width k of the 1×k input-to-state and state-to-state convolutions along a row (odd).</summary>
    [Description("Width of the Row LSTM's 1xk convolutions along a row; odd, at least 1.")]
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
        Require(Hidden >= 1, nameof(Hidden), Hidden, "at least 1 (an LSTM needs a hidden unit)");
        Require(Layers >= 1, nameof(Layers), Layers, "at least 1");
        Require(Kernel >= 1 && Kernel % 2 == 1, nameof(Kernel), Kernel, "an odd number ≥ 1");
        Require(FirstKernel >= 3 && FirstKernel % 2 == 1, nameof(FirstKernel), FirstKernel, "an odd number ≥ 3 (mask A of a 1×1 kernel sees nothing)");
        Require(OutputChannels >= 1, nameof(OutputChannels), OutputChannels, "at least 1");
    }
}
