using System.Globalization;
using System.Text;
using KernelGen.Models;
using KernelGen.Models.Data;

namespace KernelGen.Perf.Train;

/// <summary>
/// <c>perf train --device D [--models a,b] [--batch N] [--json FILE] [--peer torch] [--rounds N] [--profile] [--no-startup]
/// [--markdown FILE] [--svg FILE] [--counters] [--capture]</c>: training throughput of each model, peak device memory and start-up time,
/// beside PyTorch measured in the same invocation (model by model; with <c>--rounds N</c> each pair N times, each side's fastest kept); with <c>--counters</c>, what a step does as the runtime counts it; with <c>--capture</c>, the models capture their steps and replay them.
/// </summary>
public static class TrainCommand
{
    /// <summary>Targets of the performance issue: minimum ratio (ours ÷ PyTorch eager images/s) per model on each kind of device.</summary>
    /// <remarks>On the CPU, issue 15's (batch 128, 2 threads); elsewhere, the first performance issue's.</remarks>
    public static double Target(string model, string device) => (model, device.StartsWith("cpu", StringComparison.Ordinal)) switch
    {
        ("ae" or "vae" or "gan", true) => 2.0,
        ("conv-ae" or "dcgan", true) => 1.5,
        ("ae" or "vae" or "gan", false) => 1.5,
        _ => 1.0,
    };

    /// <summary>Share of the measured FMA peak the MLP models' steps should reach on the CPU (issue 15).</summary>
    public const double MlpPeakTarget = 40;

    /// <summary>The command's usage line, for <c>--help</c> and errors.</summary>
    public const string Usage = "usage: KernelGen.Perf train [--device cpu|opencl[:N]|cuda[:N]] [--models a,b] [--batch N] [--json FILE] [--peer torch] " +
                                "[--rounds N] [--profile] [--no-startup] [--markdown FILE] [--svg FILE] [--counters] [--capture]";

    /// <summary>Runs <c>perf train</c> with the arguments after <c>train</c>; returns the exit code.</summary>
    public static int Run(string[] args)
    {
        var given = new PerfArgs("train", args, ["--device", "--models", "--batch", "--json", "--peer", "--markdown", "--svg", "--rounds"], ["--profile", "--no-startup", "--counters", "--capture"]);
        if (given.Help)
        {
            Console.WriteLine($"{Usage}\nmodels: {string.Join(", ", ModelRegistry.All.Select(e => e.Name))} (default: all)");
            return 0;
        }
        string Opt(string name, string fallback) => given.Value(name, fallback);
        string device = Opt("--device", "cpu");
        int batch = (int)given.Integer("--batch", 128);
        int rounds = (int)given.Integer("--rounds", 1);
        var models = Opt("--models", "") is { Length: > 0 } list ? list.Split(',') : ModelRegistry.All.Select(e => e.Name).ToArray();
        foreach (var m in models) ModelRegistry.Get(m);
        using var context = Context.Create();
        var data = Mnist.LoadEmbedded().Train;
        var ours = new List<TrainRecord>();
        var peers = new List<TrainRecord>();
        bool withPeer = Opt("--peer", "") == "torch";
        Console.WriteLine($"train suite on {device}: {context.GetDevice(device).Name}, batch {batch}, {DateTime.UtcNow:yyyy-MM-dd}");
        double? startPeak = device.StartsWith("cpu", StringComparison.Ordinal) ? CpuReport.PrintHostAndMeasurePeak("  ") : null;
        double? peak = startPeak; // the fastest probe so far: a step's % of peak is against the host at its fastest
        foreach (var model in models)
        {
            TrainRecord? best = null, bestPeer = null;
            for (int round = 1; round <= rounds; round++)
            {
                var record = MeasureOurs(context, device, model, batch, data, given, peak, first: round == 1);
                if (best is null || record.ImagesPerSecond > best.ImagesPerSecond)
                    best = record with { StartupColdSeconds = best?.StartupColdSeconds ?? record.StartupColdSeconds,
                                         StartupWarmSeconds = best?.StartupWarmSeconds ?? record.StartupWarmSeconds,
                                         ProfiledStepMs = best?.ProfiledStepMs ?? record.ProfiledStepMs };
                // The peer trains each model right after ours, so a host whose speed changes mid-run skews one pair, not all.
                if (!withPeer) continue;
                foreach (var p in TrainPeer.Run(device, [model], batch))
                    if (bestPeer is null || p.ImagesPerSecond > bestPeer.ImagesPerSecond) bestPeer = p;
            }
            ours.Add(best!);
            if (peak is { } before) peak = Math.Max(before, PeakFlops.MeasureCpu());
            if (bestPeer is not null) peers.Add(bestPeer);
            if (rounds > 1) Console.WriteLine($"  {model,-16} fastest of {rounds} rounds: {TrainRecord.F(best!.ImagesPerSecond, 0)} images/s" +
                                              (bestPeer is null ? "" : $", peer {TrainRecord.F(bestPeer.ImagesPerSecond, 0)}"));
        }
        if (peak is { } fastest)
        {
            ours = ours.Select(r => r with { PctPeak = r.StepGflops * 100 / fastest }).ToList();
            Console.WriteLine($"  % of peak against the fastest FMA peak probe (start and after each model): {TrainRecord.F(fastest, 0)} GFLOP/s");
        }
        PrintTable(ours, peers);
        if (startPeak is { } start) CpuReport.PrintPeakDrift(start, "  ");
        if (Opt("--json", "") is { Length: > 0 } json) File.WriteAllLines(json, ours.Concat(peers).Select(r => r.ToJson()));
        if (Opt("--svg", "") is { Length: > 0 } svg)
            File.WriteAllText(svg, RatioChart.Render($"Training throughput on {device}, batch {batch}: KernelGen ÷ PyTorch eager",
                Pairs(ours, peers).Select(p => (p.Ours.Model, p.Ours.ImagesPerSecond / p.Peer.ImagesPerSecond, Target(p.Ours.Model, device))).ToList()));
        if (Opt("--markdown", "") is { Length: > 0 } md) File.WriteAllText(md, Markdown(context.GetDevice(device), ours, peers, batch));
        return 0;
    }

    /// <summary>One measurement of our side (start-up and the profile only in the <paramref name="first"/> round), printed.</summary>
    private static TrainRecord MeasureOurs(Context context, string device, string model, int batch, Dataset data, PerfArgs given, double? peak, bool first)
    {
        using var acc = context.GetDevice(device).CreateAccelerator();
        var record = TrainBench.Measure(acc, device, model, batch, data, warmup: 5, groups: 10, minGroupSeconds: 0.5,
            profileSteps: first && given.Has("--profile") ? 5 : 0, print: Console.WriteLine, counters: given.Has("--counters"),
            capture: given.Has("--capture"));
        if (first && !given.Has("--no-startup"))
        {
            var (cold, warm) = StartupProbe.Measure(device, model, batch);
            record = record with { StartupColdSeconds = cold, StartupWarmSeconds = warm };
        }
        if (peak is { } pk) record = record with { PctPeak = record.StepGflops * 100 / pk };
        Console.WriteLine($"  {model,-16} {TrainRecord.F(record.ImagesPerSecond, 0),9} images/s  {TrainRecord.F(record.StepMs, 2),8} ms/step  " +
                          $"{TrainRecord.F(record.StepGflops, 1)} GFLOP/s{(record.PctPeak is { } pp ? $" ({pp:F0}% of peak)" : "")}  " +
                          $"peak {record.PeakDeviceBytes / 1048576.0:F1} MiB  start-up cold {TrainRecord.F(record.StartupColdSeconds, 2)} s, warm {TrainRecord.F(record.StartupWarmSeconds, 2)} s");
        if (record.Counts is { } counts) Console.WriteLine($"  {"",-16} {counts}");
        if (record.ProfiledStepMs is { } profiled)
            Console.WriteLine($"  {"",-16} unprofiled step {record.StepMs:F2} ms, profiled (a wait after every node) {profiled:F2} ms: " +
                              $"{(record.StepMs - profiled) / profiled * 100:+0;-0}%");
        if (record.Note.Length > 0) Console.WriteLine($"  {"",-16} {record.Note}");
        return record;
    }

    private static IEnumerable<(TrainRecord Ours, TrainRecord Peer)> Pairs(List<TrainRecord> ours, List<TrainRecord> peers) =>
        ours.Select(o => (o, peers.FirstOrDefault(p => p.Model == o.Model && p.Side == "torch-eager"))).Where(p => p.Item2 is not null)!;

    private static void PrintTable(List<TrainRecord> ours, List<TrainRecord> peers)
    {
        Console.WriteLine($"{"model",-16} {"ours img/s",11} {"torch img/s",12} {"ratio",7} {"target",7} {"GFLOP/s",8} {"%peak",6} {"ours MiB",9} {"torch MiB",10} {"cold s",7} {"warm s",7}");
        foreach (var o in ours)
        {
            var p = peers.FirstOrDefault(x => x.Model == o.Model && x.Side == "torch-eager");
            double? ratio = p is null || p.ImagesPerSecond <= 0 ? null : o.ImagesPerSecond / p.ImagesPerSecond;
            Console.WriteLine($"{o.Model,-16} {TrainRecord.F(o.ImagesPerSecond, 0),11} {TrainRecord.F(p?.ImagesPerSecond, 0),12} {TrainRecord.F(ratio, 2),7} " +
                $"{TrainRecord.F(Target(o.Model, o.Device), 1),7} {TrainRecord.F(o.StepGflops, 1),8} {TrainRecord.F(o.PctPeak, 0),6} {TrainRecord.F(o.PeakDeviceBytes / 1048576.0, 1),9} {TrainRecord.F(p?.PeakDeviceBytes / 1048576.0, 1),10} " +
                $"{TrainRecord.F(o.StartupColdSeconds, 2),7} {TrainRecord.F(o.StartupWarmSeconds, 2),7}{(p is { Note.Length: > 0 } ? "  " + p.Note : "")}");
        }
    }

    /// <summary>The markdown section for docs/perf.md: device, versions, date, the table and the targets.</summary>
    public static string Markdown(Device device, List<TrainRecord> ours, List<TrainRecord> peers, int batch)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Device: {device.Name} ({device.Backend}, {device.DriverVersion}); batch {batch}; {DateTime.UtcNow:yyyy-MM-dd}.");
        var torch = peers.FirstOrDefault();
        if (torch is not null) sb.AppendLine($"Peer: {torch.Note}.");
        sb.AppendLine();
        sb.AppendLine("| model | KernelGen images/s | PyTorch eager images/s | ratio | target | step GFLOP/s | % of peak | KernelGen peak MiB | PyTorch peak MiB | start-up cold s | start-up warm s |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var o in ours)
        {
            var p = peers.FirstOrDefault(x => x.Model == o.Model && x.Side == "torch-eager");
            double? ratio = p is null || p.ImagesPerSecond <= 0 ? null : o.ImagesPerSecond / p.ImagesPerSecond;
            double target = Target(o.Model, o.Device);
            string mark = ratio is { } r ? (r >= target ? " ✓" : " ✗") : "";
            sb.AppendLine($"| {o.Model} | {TrainRecord.F(o.ImagesPerSecond, 0)} | {TrainRecord.F(p?.ImagesPerSecond, 0)} | {TrainRecord.F(ratio, 2)}{mark} | {target:F1} | " +
                          $"{TrainRecord.F(o.StepGflops, 1)} | {TrainRecord.F(o.PctPeak, 0)} | {TrainRecord.F(o.PeakDeviceBytes / 1048576.0, 1)} | {TrainRecord.F(p?.PeakDeviceBytes / 1048576.0, 1)} | {TrainRecord.F(o.StartupColdSeconds, 2)} | {TrainRecord.F(o.StartupWarmSeconds, 2)} |");
        }
        if (ours.Any(o => o.Counts is not null))
        {
            sb.AppendLine();
            sb.AppendLine("| model | launches | fills | uploads | downloads | host waits | back-pressure waits | allocations | compilations | file-system calls | managed bytes | same launches every step |");
            sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
            foreach (var o in ours.Where(o => o.Counts is not null))
            {
                var c = o.Counts!;
                sb.AppendLine($"| {o.Model} | {c.Launches:0.#} | {c.Fills:0.#} | {c.Uploads:0.#} | {c.Downloads:0.#} | {c.HostWaits:0.#} | {c.StagingWaits:0.##} | {c.Allocations:0.#} | " +
                              $"{c.Compilations:0.#} | {c.FileSystemCalls:0.#} | {c.ManagedBytes:0.#} | {(c.LaunchesRepeat ? "yes" : "no")} |");
            }
        }
        return sb.ToString();
    }
}
