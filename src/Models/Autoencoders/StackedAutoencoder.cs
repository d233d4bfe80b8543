namespace KernelGen.Models.Autoencoders;

/// <summary>Hyper-parameters of the stacked autoencoder: those of <see cref="AutoencoderOptions"/> with two or more layers (default 784-256-64).</summary>
public record StackedAutoencoderOptions : AutoencoderOptions
{
    /// <summary>Defaults to a 256-unit layer and a 64-unit code.</summary>
    public StackedAutoencoderOptions() => Hidden = [256, 64];

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Require(Hidden.Length >= 2, nameof(Hidden), $"[{string.Join(", ", Hidden)}]", "two or more layer widths for a stacked autoencoder");
    }
}

/// <summary>
/// The stacked (deep) autoencoder: several hidden layers of <see cref="AutoencoderOptions.Activation"/> units down to
/// the code and a mirror-image decoder, trained end to end; the same network as <see cref="Autoencoder"/> with a list of widths.
/// </summary>
public sealed class StackedAutoencoder : Autoencoder
{
    /// <summary>Creates the model; nothing is allocated until built.</summary>
    public StackedAutoencoder(StackedAutoencoderOptions? options = null) : base(options ?? new StackedAutoencoderOptions()) { }

    /// <inheritdoc/>
    public override string Kind => "stacked-ae";
}
