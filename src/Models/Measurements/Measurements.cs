namespace KernelGen.Models.Measurements;

/// <summary>Every quality measurement of the models issue, by name.</summary>
public static class Measurements
{
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
        new GeneratorMeasurement("gan", 30),
        new GeneratorMeasurement("dcgan", 3, new Dictionary<string, string> { ["features"] = "8" }),
        new GeneratorMeasurement("cgan", 30),
        new GeneratorMeasurement("wgan", 30),
        new PixelCnnMeasurement(),
        new ClassifierMeasurement(),
        new FewLabelsMeasurement(),
    ];

    /// <summary>The measurement named <paramref name="name"/>; an unknown name lists the accepted ones.</summary>
    public static IMeasurement Get(string name) =>
        All.FirstOrDefault(m => m.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown measurement '{name}'; accepted: {string.Join(", ", All.Select(m => m.Name))}, all.");
}
