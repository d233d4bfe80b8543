namespace KernelGen.Tests.Interchange;

/// <summary>
/// One small configuration of every registered model for the PyTorch round trips: options that exercise the twin's
/// branches (tied weights, ReLU units, upsampling decoder, generator BatchNorm, packing, a generator average) at
/// sizes that compile and run in a second or two. Batch 4 with 5 inputs runs a padded second batch.
/// </summary>
internal static class TwinCases
{
    public static readonly IReadOnlyDictionary<string, string[]> Options = new Dictionary<string, string[]>
    {
        ["ae"] = ["--hidden", "24,12", "--activation", "relu", "--tied-weights", "true"],
        ["stacked-ae"] = ["--hidden", "24,12"],
        ["sparse-ae"] = ["--hidden", "16"],
        ["denoising-ae"] = ["--hidden", "16"],
        ["contractive-ae"] = ["--hidden", "16", "--tied-weights", "true"],
        ["conv-ae"] = ["--channels", "4,6", "--latent", "5"],
        ["vae"] = ["--hidden", "32", "--latent", "5"],
        ["conv-vae"] = ["--channels", "4", "--latent", "5"],
        ["cvae"] = ["--hidden", "32", "--latent", "5"],
        ["gan"] = ["--hidden", "16", "--latent", "8", "--generator-batch-norm", "true", "--pack", "2"],
        ["dcgan"] = ["--features", "4", "--latent", "8", "--pack", "2"],
        ["cgan"] = ["--hidden", "16", "--latent", "8"],
        ["wgan"] = ["--hidden", "16", "--latent", "8", "--generator-average", "0.9"],
        ["pixelcnn"] = ["--channels", "6", "--layers", "2", "--output-channels", "8"],
        ["classifier"] = ["--conv1", "4", "--conv2", "6", "--hidden", "16"],
    };

    /// <summary>The linear autoencoder and the upsampling convolutional decoder, beside the cases above.</summary>
    public static readonly IReadOnlyDictionary<string, (string Model, string[] Options)> Variants = new Dictionary<string, (string, string[])>
    {
        ["ae-linear"] = ("ae", ["--hidden", "12", "--activation", "linear", "--loss", "mse"]),
        ["conv-ae-upsample"] = ("conv-ae", ["--channels", "4", "--latent", "5", "--decoder", "upsample-conv"]),
    };

    public const int BatchSize = 4, Inputs = 5;

    /// <summary>Every case: name, model, options with the batch size appended.</summary>
    public static IEnumerable<TestCaseData> All() =>
        Options.Select(o => (o.Key, o.Key, o.Value)).Concat(Variants.Select(v => (v.Key, v.Value.Model, v.Value.Options)))
            .Select(c => new TestCaseData(c.Item2, (string[])[.. c.Item3, "--batch-size", BatchSize.ToString()]).SetArgDisplayNames(c.Item1));
}
