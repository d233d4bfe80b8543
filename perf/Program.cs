using System.Diagnostics;
using KernelGen.Kernels.Cpu;
using KernelGen.Perf;
using KernelGen.Runtime.Cpu;

// dotnet run -c Release --project perf -- SUITE [--device cpu|opencl[:N]|cuda[:N]] [--json FILE] [--peer torch] [--large]
//     [--runs N] [--seconds S] [--shapes MxNxK,...] [--variant tile32|tile64|tile128] [--tune]
if (args.Length > 0 && args[0] == "train") return KernelGen.Perf.Train.TrainCommand.Run(args[1..]);
if (args.Length == 4 && args[0] == "train-startup")
    return KernelGen.Perf.Train.StartupProbe.Child(args[1], args[2], int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
if (args.Length == 0 || args[0].StartsWith('-') || !SuiteRegistry.All.TryGetValue(args[0], out var suite))
{
    Console.Error.WriteLine($"usage: KernelGen.Perf SUITE [--device cpu|opencl[:N]|cuda[:N]] [--json FILE] [--peer torch] [--large] [--runs N] [--seconds S] [--shapes MxNxK,...] [--variant NAME] [--tune]\n" +
                            $"suites: {string.Join(", ", SuiteRegistry.All.Keys)}, train (models: perf train --device D [--models a,b] [--batch N] [--json F] [--peer torch] [--profile] [--markdown F] [--svg F])");
    return 2;
}
string Opt(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
var options = new SuiteOptions(Opt("--device", "cpu"), args.Contains("--large"), Opt("--shapes", "") is { Length: > 0 } sh ? sh.Split(',') : null,
    int.Parse(Opt("--runs", "7")), double.Parse(Opt("--seconds", "1"), System.Globalization.CultureInfo.InvariantCulture),
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
if (Opt("--kc", "") is { Length: > 0 } kc) KernelGen.Kernels.Cpu.GemmDriver.KcMax = int.Parse(kc);
if (Opt("--mc", "") is { Length: > 0 } mc) KernelGen.Kernels.Cpu.GemmDriver.McMax = int.Parse(mc);
if (Opt("--nc", "") is { Length: > 0 } nc) KernelGen.Kernels.Cpu.GemmDriver.NcMax = int.Parse(nc);

if (args.Contains("--shared-packing")) KernelGen.Kernels.Cpu.GemmDriver.SharedPacking = true;
if (Opt("--x2work", "") is { Length: > 0 } x2) KernelGen.Kernels.Cpu.GemmDriver.StripsX2Work = long.Parse(x2);

if (args.Contains("--tune")) KernelGen.Kernels.GemmTuner.SearchOnFirstUse = true;

double peak;
if (backend == "cpu")
{
    peak = PeakFlops.MeasureCpu();
    Console.WriteLine($"device {options.Device}: {CpuThreadPool.Shared.ThreadCount} threads, kernel {CpuGemm.KernelName}, " +
                      $"measured FMA peak {BenchRecord.F(peak, 0)} GFLOP/s");
}
else
{
    var device = PerfDevices.Device(options.Device);
    peak = device.PeakGflops ?? 0;
    Console.WriteLine($"device {options.Device}: {device.Name} ({device.Vendor}, {device.DriverVersion}), {device.ComputeUnits} compute units, " +
                      $"peak {(device.PeakGflops is { } pk ? BenchRecord.F(pk, 0) + " GFLOP/s (from the device's figures)" : "unknown")}");
}

var ours = new List<BenchRecord>();
foreach (var r in suite.Run(options, peak))
{
    ours.Add(r);
    Console.WriteLine($"  {r.Op} {r.Shape,-16} {BenchRecord.F(r.Ms, 3),10} ms {BenchRecord.F(r.Gflops, 1),8} GFLOP/s {r.Variant}");
}

var peers = new List<BenchRecord>();
if (peer is not null)
{
    string? script = suite.PeerScript(peer);
    if (script is null)
    {
        Console.Error.WriteLine($"no peer '{peer}' for suite '{suite.Name}'");
        return 2;
    }
    peers.AddRange(PeerRunner.Run(Path.Combine(AppContext.BaseDirectory, "peers", script), suite.Shapes(options), peak, options));
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

if (jsonPath is not null)
{
    File.WriteAllLines(jsonPath, ours.Concat(peers).Select(r => r.ToJson()));
    Console.WriteLine($"wrote {ours.Count + peers.Count} records to {jsonPath}");
}
return 0;
