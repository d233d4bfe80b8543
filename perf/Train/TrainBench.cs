using System.Diagnostics;
using KernelGen.Models;
using KernelGen.Models.Data;
using KernelGen.Models.Training;

namespace KernelGen.Perf.Train;

/// <summary>
/// Times training steps of one model: build on the device, warm up, then repeated timed groups of steps (each
/// ended by reading the losses, so the device has finished), median images per second.
/// </summary>
public static class TrainBench
{
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
        for (int i = 0; i < warmup; i++) Step();
        m.ReadLosses();
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
        }
        rates.Sort();
        double median = rates[rates.Count / 2];
        if (profileSteps > 0)
            foreach (var profile in m.ProfileTrainStep(profileSteps)) print($"profile of {model} ({profile.Graph}):\n{profile.Profile.Render(15)}");
        var counts = counters ? StepCounts.Measure(m, images, labels, warmup: 1) : null;
        var training = m.CompiledGraphs.Where(g => g.Graph.Loss is not null).ToArray();
        string note = !capture ? "" : training.All(g => g.StepIsCaptured) ? "captured steps"
            : "capture asked for; uncaptured: " + string.Join("; ", training.Where(g => !g.StepIsCaptured).Select(g => $"{g.Graph.Name}: {g.CaptureRefusal ?? "not yet"}"));
        return new TrainRecord("kernelgen", device, model, batch, median, 1000.0 * batch / median, acc.PeakAllocatedBytes, null, null, note) { Counts = counts };
    }
}
