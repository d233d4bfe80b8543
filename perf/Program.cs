using System.Diagnostics;
using KernelGen.Kernels.Cpu;
using KernelGen.Perf;
using KernelGen.Runtime.Cpu;

// dotnet run -c Release --project perf -- SUITE [--device cpu|opencl[:N]|cuda[:N]] [--json FILE] [--peer torch] [--large]
//     [--runs N] [--seconds S] [--shapes MxNxK,...] [--variant tile32|tile64|tile128] [--tune]
// Every command checks its flags before it measures anything: an unknown flag is one line on stderr and exit code 2;
// --help (-h) after a command prints its usage.
const string SuiteUsage = "usage: KernelGen.Perf SUITE [--device cpu|opencl[:N]|cuda[:N]] [--json FILE] [--peer torch] [--large] [--runs N] [--seconds S] [--rounds N] " +
                          "[--shapes MxNxK,...] [--variant NAME] [--tune] [--kc N] [--mc N] [--nc N] [--shared-packing] [--strips N]";
string[] suiteValues = ["--device", "--json", "--peer", "--runs", "--seconds", "--shapes", "--variant", "--rounds", "--kc", "--mc", "--nc", "--strips"];
string[] suiteSwitches = ["--large", "--tune", "--shared-packing"];
string general = $"{SuiteUsage}\nsuites: {string.Join(", ", SuiteRegistry.All.Keys)}\n{KernelGen.Perf.Train.TrainCommand.Usage}\n{KernelGen.Perf.Launch.LaunchCommand.Usage}";
try
{
    if (args.Length > 0 && args[0] is "--help" or "-h")
    {
        Console.WriteLine(general);
        return 0;
    }
    if (args.Length > 0 && args[0] == "train") return KernelGen.Perf.Train.TrainCommand.Run(args[1..]);
    if (args.Length > 0 && args[0] == "launch") return KernelGen.Perf.Launch.LaunchCommand.Run(args[1..]);
    if (args.Length == 4 && args[0] == "train-startup")
        return KernelGen.Perf.Train.StartupProbe.Child(args[1], args[2], int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
    if (args.Length == 0 || !SuiteRegistry.All.TryGetValue(args[0], out var suite))
    {
        Console.Error.WriteLine(args.Length == 0 ? general : $"perf: unknown command '{args[0]}'\n{general}");
        return 2;
    }
    var given = new PerfArgs(suite.Name, args[1..], suiteValues, suiteSwitches);
    if (given.Help)
    {
        Console.WriteLine($"{SuiteUsage.Replace("SUITE", suite.Name)}\n{suite.Name} runs on: {string.Join(", ", suite.Devices)}");
        return 0;
    }
    return RunSuite(suite, given);
}
catch (PerfUsageException e)
{
    Console.Error.WriteLine($"perf: {e.Message}");
    return 2;
}

/// <summary>Runs one suite with its checked options; returns the exit code.</summary>
int RunSuite(ISuite suite, PerfArgs given)
{
    string Opt(string name, string fallback) => given.Value(name, fallback);
    int rounds = (int)given.Integer("--rounds", 1);
    var options = new SuiteOptions(Opt("--device", "cpu"), given.Has("--large"), Opt("--shapes", "") is { Length: > 0 } sh ? sh.Split(',') : null,
        (int)given.Integer("--runs", 7), given.Number("--seconds", 1),
        Opt("--variant", "") is { Length: > 0 } variant ? variant : null);
    string backend = PerfDevices.BackendOf(options.Device);
    if (!suite.Devices.Contains(backend))
    {
        Console.Error.WriteLine($"suite '{suite.Name}' runs on: {string.Join(", ", suite.Devices)} (not '{options.Device}')");
        return 2;
    }
    string? jsonPath = Opt("--json", "") is { Length: > 0 } j ? j : null;
    string? peer = Opt("--peer", "") is { Length: > 0 } p ? p : null;

    // Blocking overrides for tuning experiments.
    if (given.Has("--kc")) KernelGen.Kernels.Cpu.GemmDriver.KcMax = (int)given.Integer("--kc", 0);
    if (given.Has("--mc")) KernelGen.Kernels.Cpu.GemmDriver.McMax = (int)given.Integer("--mc", 0);
    if (given.Has("--nc")) KernelGen.Kernels.Cpu.GemmDriver.NcMax = (int)given.Integer("--nc", 0);

    if (given.Has("--shared-packing")) KernelGen.Kernels.Cpu.GemmDriver.SharedPacking = true;
    if (given.Has("--strips")) KernelGen.Kernels.Cpu.GemmDriver.ForcedStripsPerThread = (int)given.Integer("--strips", 1);

    if (given.Has("--tune")) KernelGen.Kernels.GemmTuner.SearchOnFirstUse = true;

    double peak;
    if (backend == "cpu")
    {
        Console.WriteLine($"device {options.Device}, {DateTime.UtcNow:yyyy-MM-dd}:");
        peak = CpuReport.PrintHostAndMeasurePeak("  ");
    }
    else
    {
        var device = PerfDevices.Device(options.Device);
        peak = device.PeakGflops ?? 0;
        Console.WriteLine($"device {options.Device}: {device.Name} ({device.Vendor}, {device.DriverVersion}), {device.ComputeUnits} compute units, " +
                          $"peak {(device.PeakGflops is { } pk ? BenchRecord.F(pk, 0) + " GFLOP/s (from the device's figures)" : "unknown")}");
    }

    string? script = peer is null ? null : suite.PeerScript(peer);
    if (peer is not null && script is null)
    {
        Console.Error.WriteLine($"no peer '{peer}' for suite '{suite.Name}'");
        return 2;
    }

    // Rounds alternate our side and the peer's, so a host whose speed changes (a shared VM) slows both alike; each
    // side keeps its fastest round, and % of peak is against the fastest peak probe between rounds.
    var ours = new List<BenchRecord>();
    var peers = new List<BenchRecord>();
    double bestPeak = peak;
    for (int round = 1; round <= rounds; round++)
    {
        if (rounds > 1) Console.WriteLine($"round {round} of {rounds}:");
        foreach (var r in suite.Run(options, peak))
        {
            ours.Add(r);
            Console.WriteLine($"  {r.Op} {r.Shape,-16} {BenchRecord.F(r.Ms, 3),10} ms {BenchRecord.F(r.Gflops, 1),8} GFLOP/s {r.Variant}");
        }
        if (script is not null)
            peers.AddRange(PeerRunner.Run(Path.Combine(AppContext.BaseDirectory, "peers", script), suite.Shapes(options), peak, options));
        if (backend == "cpu" && round < rounds) bestPeak = Math.Max(bestPeak, PeakFlops.MeasureCpu());
    }
    if (rounds > 1)
    {
        ours = FastestPerCase(ours, bestPeak);
        peers = FastestPerCase(peers, bestPeak);
        Console.WriteLine($"fastest of {rounds} rounds per side; % of peak against the fastest peak probe, {BenchRecord.F(bestPeak, 0)} GFLOP/s");
    }

    Console.WriteLine();
    Console.WriteLine(peers.Count > 0
        ? $"{"op",-6} {"shape",-16} {"ms",10} {"GFLOP/s",9} {"%peak",6} {"variant",-8} {"peer ms",10} {"peer GF/s",9} {"ratio",6}"
        : $"{"op",-6} {"shape",-16} {"ms",10} {"GFLOP/s",9} {"%peak",6} {"variant",-8}");
    foreach (var r in ours)
    {
        string line = $"{r.Op,-6} {r.Shape,-16} {BenchRecord.F(r.Ms, 3),10} {BenchRecord.F(r.Gflops, 1),9} {BenchRecord.F(r.PctPeak ?? 0, 1),6} {r.Variant ?? "-",-8}";
        var q = peers.FirstOrDefault(x => x.Op == r.Op && x.Shape == r.Shape);
        if (q is not null) line += $" {BenchRecord.F(q.Ms, 3),10} {BenchRecord.F(q.Gflops, 1),9} {BenchRecord.F(r.Gflops / q.Gflops, 2),6}";
        Console.WriteLine(line);
    }

    if (backend == "cpu") CpuReport.PrintPeakDrift(peak, "  ");
    if (jsonPath is not null)
    {
        File.WriteAllLines(jsonPath, ours.Concat(peers).Select(r => r.ToJson()));
        Console.WriteLine($"wrote {ours.Count + peers.Count} records to {jsonPath}");
    }
    return 0;
}

/// <summary>The fastest record of each (op, shape, variant), in first-seen order, with % of peak against <paramref name="peak"/>.</summary>
static List<BenchRecord> FastestPerCase(List<BenchRecord> records, double peak) =>
    records.GroupBy(r => (r.Op, r.Shape, r.Variant))
        .Select(g => g.MinBy(r => r.Ms)!)
        .Select(r => r.PctPeak is null || peak <= 0 ? r : r with { PctPeak = r.Gflops / peak * 100 })
        .ToList();
