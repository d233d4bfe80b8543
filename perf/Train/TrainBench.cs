using System.Diagnostics;
using KernelGen.Models;
using KernelGen.Models.Data;
using KernelGen.Models.Training;

namespace KernelGen.Perf.Train;

/// <summary>
/// Times training steps of one model: build on the device, warm up, then repeated timed groups of steps (each
/// ended by reading the losses, so the device has finished), median images per second. The warm-up lasts at least
/// <see cref="WarmupSeconds"/>: .NET recompiles hot methods with full optimization (tier 1) over the first seconds,
/// and a group timed before that measures the JIT, not the step (steps two to three times slower on the CPU).
/// </summary>
public static class TrainBench
{
    /// <summary>Seconds of untimed steps before the first timed group.</summary>
    public const double WarmupSeconds = 2.5;

    /// <summary>Measures <paramref name="model"/> (by registry name) on <paramref name="device"/>.</summary>
    public static TrainRecord Measure(Accelerator acc, string device, string model, int batch, Dataset data,
        int warmup, int groups, double minGroupSeconds, int profileSteps, Action<string> print, bool counters = false, bool capture = false)
    {
        var entry = ModelRegistry.Get(model);
        var options = ModelRegistry.ParseOptions(entry, new Dictionary<string, string> { ["batch-size"] = batch.ToString() });
        using var m = entry.Create(options);
        m.CaptureSteps = capture;
        m.Build(acc, data);
        var iterator = new BatchIterator(data, batch, options.Seed, shuffle: true, dropLast: true, m.Binarization);
        var images = new float[batch * m.Pixels];
        var labels = new int[batch];
        void Step()
        {
            if (!iterator.TryNext(images, labels, out _)) iterator.TryNext(images, labels, out _);
            m.TrainStep(images, labels);
        }
        var warm = Stopwatch.StartNew();
        for (int i = 0; i < warmup || warm.Elapsed.TotalSeconds < WarmupSeconds; i++) Step();
        m.ReadLosses();
        long flopsBefore = m.CompiledGraphs.Sum(g => g.FlopsRun);
        long timedSteps = 0;
        double timedSeconds = 0;
        var rates = new List<double>();
        for (int g = 0; g < groups; g++)
        {
            int steps = 0;
            var clock = Stopwatch.StartNew();
            do
            {
                Step();
                steps++;
            } while (steps < 4 || clock.Elapsed.TotalSeconds < minGroupSeconds);
            m.ReadLosses();
            rates.Add(steps * batch / clock.Elapsed.TotalSeconds);
            timedSteps += steps;
            timedSeconds += clock.Elapsed.TotalSeconds;
        }
        rates.Sort();
        double median = rates[rates.Count / 2];
        double flopsPerStep = (double)(m.CompiledGraphs.Sum(g => g.FlopsRun) - flopsBefore) / Math.Max(1, timedSteps);
        double? profiledMs = null;
        if (profileSteps > 0)
        {
            var profiles = m.ProfileTrainStep(profileSteps);
            foreach (var profile in profiles) print($"profile of {model} ({profile.Graph}):\n{profile.Profile.Render(15)}");
            profiledMs = profiles.Sum(p => p.Profile.StepMilliseconds);
        }
        var counts = counters ? StepCounts.Measure(m, images, labels, warmup: 1) : null;
        var training = m.CompiledGraphs.Where(g => g.Graph.Loss is not null).ToArray();
        string note = !capture ? "" : training.All(g => g.StepIsCaptured) ? "captured steps"
            : "capture asked for; uncaptured: " + string.Join("; ", training.Where(g => !g.StepIsCaptured).Select(g => $"{g.Graph.Name}: {g.CaptureRefusal ?? "not yet"}"));
        return new TrainRecord("kernelgen", device, model, batch, median, 1000.0 * batch / median, acc.PeakAllocatedBytes, null, null, note)
        {
            Counts = counts, StepGflops = flopsPerStep * median / batch / 1e9, ProfiledStepMs = profiledMs,
        };
    }
}
