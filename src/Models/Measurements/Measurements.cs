namespace KernelGen.Models.Measurements;

/// <summary>Every quality measurement of the models issue, by name.</summary>
public static class Measurements
{
    /// <summary>
    /// The MLP GAN is measured with 512-unit layers and a PacGAN discriminator that judges pairs: with the defaults
    /// (256 units, no packing) it partially collapses (41% ones, 0.4% zeros among 1,000 samples on the digits).
    /// </summary>
    private static readonly Dictionary<string, string> GanOptions = new() { ["hidden"] = "512", ["pack"] = "2" };

    /// <summary>The WGAN is measured with 512-unit layers (as in the paper's MLP); packing made its coverage worse (0% of sixes).</summary>
    private static readonly Dictionary<string, string> WGanOptions = new() { ["hidden"] = "512" };

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
        new PixelCnnMeasurement(),
        new ClassifierMeasurement(),
        new FewLabelsMeasurement(),
    ];

    /// <summary>The measurement named <paramref name="name"/>; an unknown name lists the accepted ones.</summary>
    public static IMeasurement Get(string name) =>
        All.FirstOrDefault(m => m.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown measurement '{name}'; accepted: {string.Join(", ", All.Select(m => m.Name))}, all.");
}
