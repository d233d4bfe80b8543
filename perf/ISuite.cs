namespace KernelGen.Perf;

/// <summary>Options shared by all suites.</summary>
/// <param name="Device">Device to measure: "cpu", "opencl[:N]" or "cuda[:N]".</param>
/// <param name="Large">Include the slow, large cases.</param>
/// <param name="Shapes">Only these shapes (suite-specific labels), or null for the suite's list.</param>
/// <param name="MinRuns">Timed runs per case at least.</param>
/// <param name="MinSeconds">Timed seconds per case at least (runs continue until both minima are met).</param>
/// <param name="Variant">Kernel variant to force (GPU GEMM), or null for the library's choice.</param>
public sealed record SuiteOptions(string Device, bool Large, IReadOnlyList<string>? Shapes, int MinRuns, double MinSeconds, string? Variant = null);

/// <summary>A family of benchmark cases (gemm; later conv, train, ...).</summary>
public interface ISuite
{
    /// <summary>Name used on the command line.</summary>
    string Name { get; }

    /// <summary>Devices this suite can measure.</summary>
    IReadOnlyList<string> Devices { get; }

    /// <summary>Runs every case on <see cref="SuiteOptions.Device"/>, yielding one record per case.</summary>
    IEnumerable<BenchRecord> Run(SuiteOptions options, double peakGflops);

    /// <summary>The case shapes, for a peer script to measure the same ones.</summary>
    IReadOnlyList<string> Shapes(SuiteOptions options);

    /// <summary>Peer script (under perf/peers) for a peer name such as "torch", or null if none.</summary>
    string? PeerScript(string peer);
}

/// <summary>All known suites.</summary>
public static class SuiteRegistry
{
    /// <summary>Suites by name.</summary>
    public static readonly IReadOnlyDictionary<string, ISuite> All = new Dictionary<string, ISuite>
    {
        ["gemm"] = new Suites.GemmSuite(),
        ["conv"] = new Suites.ConvSuite(),
    };
}
