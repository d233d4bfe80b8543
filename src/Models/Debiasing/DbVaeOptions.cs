using System.ComponentModel;

namespace KernelGen.Models.Debiasing;

/// <summary>
/// Hyper-parameters of the debiasing VAE: a convolutional encoder (conv 32 and 64, stride 2) to a class logit and a
/// 16-dimensional latent, a transposed-convolution decoder, β = 1, the classification weighted by 100, the positive classes of the task (Fashion-MNIST's
/// tops: T-shirts/tops 0, pullovers 2, coats 4, shirts 6), and the resampling's histogram (10 bins, α = 0.001); Adam 1e-3, batch 128.
/// </summary>
public record DbVaeOptions : ModelOptions
{
    /// <summary>Feature maps of the first convolution (the second has twice as many).</summary>
    [Description("Feature maps of the first convolution (the second has twice as many); at least 1.")]
    public int Channels { get; init; } = 32;

    /// <summary>Latent dimensions.</summary>
    [Description("Latent dimensions; at least 1.")]
    public int Latent { get; init; } = 16;

    /// <summary>Weight of the KL term.</summary>
    [Description("Weight of the KL term; 0 or more.")]
    public float Beta { get; init; } = 1f;

    /// <summary>
    /// Weight of the classification's BCE in the loss: the reconstruction term sums a BCE over every pixel (about 100
    /// nats per image), so an unweighted classification term (below 1 nat) barely shapes the shared encoder.
    /// </summary>
    [Description("Weight of the classification loss against the per-image reconstruction and KL; more than 0.")]
    public float ClassWeight { get; init; } = 100f;

    /// <summary>The classes that make the positive class of the binary task.</summary>
    [Description("The classes that make the positive class (default 0,2,4,6: Fashion-MNIST's tops).")]
    public int[] PositiveClasses { get; init; } = [0, 2, 4, 6];

    /// <summary>Whether positives are resampled by the inverse of their latent density each epoch (false: the same model, trained as a plain classifier + VAE).</summary>
    [Description("Resample the positives by the inverse of their latent density each epoch.")]
    public bool Debias { get; init; } = true;

    /// <summary>Bins of each latent dimension's histogram.</summary>
    [Description("Bins of each latent dimension's density histogram; at least 1.")]
    public int Bins { get; init; } = 10;

    /// <summary>Smoothing α of the histograms: each bin's share + α (at 1 no weight is more than twice another).</summary>
    [Description("Smoothing of the latent density: each bin's share + alpha; in (0, 1].")]
    public double Alpha { get; init; } = 0.001;

    /// <summary>Sets the defaults of the base options: batch 128.</summary>
    public DbVaeOptions() => BatchSize = 128;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Require(Channels >= 1, nameof(Channels), Channels, "at least 1");
        Require(Latent >= 1, nameof(Latent), Latent, "at least 1");
        Require(Beta >= 0 && float.IsFinite(Beta), nameof(Beta), Beta, "finite and not negative");
        Require(PositiveClasses is { Length: > 0 } && PositiveClasses.All(c => c >= 0) && PositiveClasses.Distinct().Count() == PositiveClasses.Length,
            nameof(PositiveClasses), PositiveClasses is null ? "none" : string.Join(",", PositiveClasses), "one or more distinct classes, none negative");
        Require(ClassWeight > 0 && float.IsFinite(ClassWeight), nameof(ClassWeight), ClassWeight, "finite and more than 0");
        Require(Bins >= 1, nameof(Bins), Bins, "at least 1 (a histogram needs a bin)");
        Require(Alpha > 0 && Alpha <= 1, nameof(Alpha), Alpha, "in (0, 1]");
    }
}
