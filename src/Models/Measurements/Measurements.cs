namespace KernelGen.Models.Measurements;

/// <summary>Every quality measurement of the models issue, by name.</summary>
public static class Measurements
{
    /// <summary>
    /// The unconditional GANs are measured with a PacGAN discriminator that judges pairs: without it the MLP GAN
    /// partially collapses (41% ones and 0.4% zeros among 1,000 samples on the digits), with it every class is ≥ 5%.
    /// </summary>
    private static readonly Dictionary<string, string> PackedPair = new() { ["pack"] = "2" };

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
        new GeneratorMeasurement("gan", 30, fullOptions: PackedPair),
        new GeneratorMeasurement("dcgan", 3, new Dictionary<string, string> { ["features"] = "8" }, PackedPair),
        new GeneratorMeasurement("cgan", 30),
        new GeneratorMeasurement("wgan", 30, fullOptions: PackedPair),
        new PixelCnnMeasurement(),
        new ClassifierMeasurement(),
        new FewLabelsMeasurement(),
    ];

    /// <summary>The measurement named <paramref name="name"/>; an unknown name lists the accepted ones.</summary>
    public static IMeasurement Get(string name) =>
        All.FirstOrDefault(m => m.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown measurement '{name}'; accepted: {string.Join(", ", All.Select(m => m.Name))}, all.");
}
