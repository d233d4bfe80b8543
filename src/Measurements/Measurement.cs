using KernelGen.Models;
using KernelGen.Models.Data;

namespace KernelGen.Measurements;

/// <summary>One number a measurement produced, with the quality line it is held to.</summary>
/// <param name="Name">What was measured, e.g. <c>test loss (nats/image)</c>.</param>
/// <param name="Value">The value.</param>
/// <param name="Target">The quality line in words, e.g. <c>within 1% of PyTorch (104.2)</c>; empty if reported only.</param>
/// <param name="Met">Whether the target is met; null when there is no target or it could not be judged.</param>
/// <param name="Note">Anything a reader needs to interpret the value.</param>
public sealed record Metric(string Name, double Value, string Target = "", bool? Met = null, string Note = "");

/// <summary>What one measurement run produced on one dataset.</summary>
/// <param name="Measurement">The measurement's name.</param>
/// <param name="Dataset">The dataset.</param>
/// <param name="Metrics">The numbers.</param>
/// <param name="Images">Image files written (relative to the output folder).</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="Device">Device it ran on.</param>
/// <param name="Options">Model options that differ from the model's defaults, as <c>name=value</c> pairs; empty if none.</param>
/// <param name="Gallery">The trained models' pictures of the four kinds (<see cref="ModelGallery"/>); empty if none.</param>
public sealed record MeasurementResult(string Measurement, string Dataset, IReadOnlyList<Metric> Metrics, IReadOnlyList<string> Images, double Seconds, string Device,
    string Options = "", IReadOnlyList<GalleryItem>? Gallery = null);

/// <summary>A quality measurement of the models issue: trains what it needs and reports metrics and images.</summary>
public interface IMeasurement
{
    /// <summary>Name used on the command line, e.g. <c>vae</c>.</summary>
    string Name { get; }

    /// <summary>One line.</summary>
    string Description { get; }

    /// <summary>Runs the measurement, one result per dataset.</summary>
    IEnumerable<MeasurementResult> Run(MeasurementContext context);
}

/// <summary>What a measurement runs with: the device, where outputs go, the datasets, and whether it is a quick smoke run.</summary>
public sealed class MeasurementContext
{
    private readonly Dictionary<string, DataSplits> _data = new();

    /// <summary>Creates the context.</summary>
    public MeasurementContext(Accelerator accelerator, string outputDirectory, bool quick = false, Action<string>? log = null,
        IReadOnlyDictionary<string, string>? modelOptions = null)
    {
        ModelOptions = modelOptions ?? new Dictionary<string, string>();
        Accelerator = accelerator;
        OutputDirectory = outputDirectory;
        Quick = quick;
        Log = log ?? (_ => { });
        Directory.CreateDirectory(outputDirectory);
    }

    /// <summary>The device everything trains on.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>Where images (and the results JSON) go.</summary>
    public string OutputDirectory { get; }

    /// <summary>A smoke run: small data slices and one epoch, to check the code path (no quality claims).</summary>
    public bool Quick { get; }

    /// <summary>
    /// Model options (kebab-case name → value) that override those a generator measurement trains with, to measure
    /// other hyper-parameters (<c>kernelgen measure gan --option pack=4</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string> ModelOptions { get; }

    /// <summary>Progress lines.</summary>
    public Action<string> Log { get; }

    /// <summary>The epochs to train: <paramref name="full"/>, or 1 in a quick run.</summary>
    public int Epochs(int full) => Quick ? 1 : full;

    /// <summary>The datasets a measurement reports on: the embedded digits, and Fashion-MNIST when installed.</summary>
    public IEnumerable<string> Datasets =>
        Environment.GetEnvironmentVariable(DatasetsVariable) is { Length: > 0 } only ? only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        : File.Exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz") || !Quick ? ["mnist", "fashion-mnist"] : ["mnist"];

    /// <summary>Environment variable that limits the datasets measured (e.g. <c>mnist</c>), to re-run one side.</summary>
    public const string DatasetsVariable = "KERNELGEN_MEASURE_DATASETS";

    /// <summary>A dataset by spec (<c>mnist</c>, <c>fashion-mnist</c>, a path); sliced in a quick run.</summary>
    public DataSplits Data(string spec)
    {
        if (!_data.TryGetValue(spec, out var splits))
        {
            splits = DataSpec.Parse(spec).Load();
            if (Quick) splits = new DataSplits(splits.Train.First(512), splits.Test.First(256));
            _data[spec] = splits;
        }
        return splits;
    }

    /// <summary>A path for an output file of <paramref name="measurement"/> on <paramref name="dataset"/>; returns the path relative to the output folder too.</summary>
    public (string Full, string Relative) OutputFile(string measurement, string dataset, string name)
    {
        var relative = Path.Combine(measurement, dataset, name);
        var full = Path.Combine(OutputDirectory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return (full, relative.Replace('\\', '/'));
    }

}
