using KernelGen.Models;

namespace KernelGen.Measurements;

/// <summary>Every quality measurement of the models issue, by name.</summary>
public static class MeasurementRegistry
{
    /// <summary>
    /// The MLP GAN is measured with 512-unit layers, a PacGAN discriminator that judges pairs and samples from the
    /// generator's weights averaged over ~100 steps: with the defaults (256 units, no packing) it partially collapses
    /// (41% ones, 0.4% zeros among 1,000 samples on the digits); without the average its Fashion-MNIST samples are
    /// speckled and 4.3% are pullovers.
    /// </summary>
    private static readonly Dictionary<string, string> GanOptions = new() { ["hidden"] = "512", ["pack"] = "2", ["generator-average"] = "0.99" };

    /// <summary>
    /// The WGAN is measured with 512-unit layers (as in the paper's MLP), a 4× faster rate (2e-4), 3 critic steps per
    /// generator step and clip 0.02: with the paper's 5e-5, 5 and 0.01 its generator gets too few effective steps in
    /// the measurement's 1.8 M images (0.5% sandals on Fashion-MNIST); docs/models.md lists what was tried.
    /// </summary>
    private static readonly Dictionary<string, string> WGanOptions = new()
    {
        ["hidden"] = "512", ["learning-rate"] = "2e-4", ["discriminator-steps"] = "3", ["clip"] = "0.02",
    };

    /// <summary>The DCGAN's discriminator judges pairs, as the MLP GAN's.</summary>
    private static readonly Dictionary<string, string> DcGanOptions = new() { ["pack"] = "2" };

    /// <summary>All measurements, in the order docs/models.md lists them.</summary>
    public static IReadOnlyList<IMeasurement> All { get; } =
    [
        new AutoencodersMeasurement(),
        new LinearAutoencoderMeasurement(),
        new SparseAutoencoderMeasurement(),
        new DenoisingAutoencoderMeasurement(),
        new AnomalyDetectionMeasurement(),
        new VaeMeasurement(),
        new GeneratorMeasurement("conv-vae", 10, new Dictionary<string, string> { ["channels"] = "8" }),
        new GeneratorMeasurement("cvae", 10),
        new GeneratorMeasurement("gan", 30, fullOptions: GanOptions),
        new GeneratorMeasurement("dcgan", 3, new Dictionary<string, string> { ["features"] = "8" }, DcGanOptions),
        new GeneratorMeasurement("cgan", 30),
        new GeneratorMeasurement("wgan", 30, fullOptions: WGanOptions),
        new GanFailuresMeasurement(),
        new PixelCnnMeasurement(),
        new PixelRnnMeasurement(),
        new DbVaeMeasurement(),
        new ClassifierMeasurement(),
        new FewLabelsMeasurement(),
    ];

    /// <summary>The measurement named <paramref name="name"/>; an unknown name lists the accepted ones.</summary>
    public static IMeasurement Get(string name) =>
        All.FirstOrDefault(m => m.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown measurement '{name}'; accepted: {string.Join(", ", All.Select(m => m.Name))}, all.");
}
