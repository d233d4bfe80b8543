namespace KernelGen.Models.Measurements;

/// <summary>Every quality measurement of the models issue, by name.</summary>
public static class Measurements
{
    /// <summary>All measurements, in the order docs/models.md lists them.</summary>
    public static IReadOnlyList<IMeasurement> All { get; } =
    [
        new VaeMeasurement(),
        new PixelCnnMeasurement(),
        new ClassifierMeasurement(),
        new FewLabelsMeasurement(),
    ];

    /// <summary>The measurement named <paramref name="name"/>; an unknown name lists the accepted ones.</summary>
    public static IMeasurement Get(string name) =>
        All.FirstOrDefault(m => m.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown measurement '{name}'; accepted: {string.Join(", ", All.Select(m => m.Name))}, all.");
}
