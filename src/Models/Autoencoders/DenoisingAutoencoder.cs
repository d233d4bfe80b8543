using System.ComponentModel;
using KernelGen.Graph;

namespace KernelGen.Models.Autoencoders;

/// <summary>Hyper-parameters of the denoising autoencoder (defaults: 784-256 sigmoid, 30% masking noise, cross-entropy).</summary>
public record DenoisingAutoencoderOptions : AutoencoderOptions
{
    /// <summary>Defaults to 256 sigmoid units.</summary>
    public DenoisingAutoencoderOptions() => Hidden = [256];

    /// <summary>The corruption applied to training inputs.</summary>
    [Description("The corruption applied to training inputs.")]
    public NoiseKind Noise { get; init; } = NoiseKind.Masking;

    /// <summary>Probability that masking noise zeroes a pixel, in [0, 1).</summary>
    [Description("Probability that masking noise zeroes a pixel; from 0 to less than 1.")]
    public float NoiseFraction { get; init; } = 0.3f;

    /// <summary>Standard deviation σ of Gaussian noise.</summary>
    [Description("Standard deviation of Gaussian noise; 0 or more.")]
    public float NoiseStd { get; init; } = 0.3f;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Require(Enum.IsDefined(Noise), nameof(Noise), Noise, "masking or gaussian");
        Require(NoiseFraction >= 0 && NoiseFraction < 1, nameof(NoiseFraction), NoiseFraction, "in [0, 1)");
        Require(NoiseStd >= 0 && float.IsFinite(NoiseStd), nameof(NoiseStd), NoiseStd, "finite and not negative");
    }
}

/// <summary>
/// The denoising autoencoder: during training the encoder sees a corrupted input (masking or Gaussian noise drawn
/// on the device each step) and the loss compares the reconstruction with the clean image; in evaluation, encoding
/// and reconstruction the input is left clean.
/// </summary>
public sealed class DenoisingAutoencoder : Autoencoder
{
    private CompiledGraph? _noise;
    private Tensor? _noisy;

    /// <summary>Creates the model; nothing is allocated until built.</summary>
    public DenoisingAutoencoder(DenoisingAutoencoderOptions? options = null) : base(options ?? new DenoisingAutoencoderOptions()) { }

    /// <summary>The hyper-parameters.</summary>
    public new DenoisingAutoencoderOptions Options => (DenoisingAutoencoderOptions)base.Options;

    /// <inheritdoc/>
    public override string Kind => "denoising-ae";

    /// <inheritdoc/>
    protected override Tensor Corrupt(GraphBuilder g, Tensor x) => Options.Noise == NoiseKind.Masking
        ? g.MaskingNoise(x, Options.NoiseFraction, "corruption")
        : g.GaussianNoise(x, Options.NoiseStd, "corruption");

    /// <summary>
    /// The training corruption applied to <paramref name="count"/> images, on the device by the same layer the
    /// training graph uses (fresh noise each call), e.g. to look at what the encoder sees.
    /// </summary>
    public float[] Corrupted(ReadOnlySpan<float> images, int count)
    {
        if (count < 0 || images.Length < (long)count * Pixels)
            throw new ArgumentException($"{count} images of {Pixels} pixels need {(long)count * Pixels} values, got {images.Length}.");
        if (_noise is null)
        {
            var g = new GraphBuilder($"{Kind}-corrupt");
            _noisy = g.MarkOutput(Corrupt(g, g.Input("x", Options.BatchSize, Pixels)));
            _noise = CompileExtra(g);
        }
        int batch = Options.BatchSize;
        var buffer = new float[batch * Pixels];
        var result = new float[HostArrays.Length(count, Pixels, "images")];
        _noise.Training = true;
        for (int start = 0; start < count; start += batch)
        {
            int n = Math.Min(batch, count - start);
            Array.Clear(buffer);
            images.Slice(start * Pixels, n * Pixels).CopyTo(buffer);
            _noise.SetInput("x", buffer);
            _noise.Forward();
            _noise.Read(_noisy!).AsSpan(0, n * Pixels).CopyTo(result.AsSpan(start * Pixels));
        }
        return result;
    }
}
