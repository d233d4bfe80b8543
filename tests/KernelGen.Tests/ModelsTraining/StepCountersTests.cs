using KernelGen.Models;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.ModelsTraining;

/// <summary>
/// A training step after warm-up, as the runtime counts it (issue 14's targets): no managed allocation on any thread,
/// no host wait, no buffer allocated, no kernel compiled, and the same launches at every step. The counts are printed.
/// </summary>
[TestFixture("cpu")]
[TestFixture("opencl")]
public sealed class StepCountersTests(string backend) : DeviceFixture(backend)
{
    private const int Warmup = 3, Measured = 4;

    [TestCase("vae", 32)]
    [TestCase("conv-vae", 32)]
    [TestCase("dcgan", 32)]
    public void AStepAllocatesNothingWaitsForNothingAndRepeatsItsLaunches(string name, int batch)
    {
        var entry = ModelRegistry.Get(name);
        var known = ModelRegistry.Options(entry).Select(o => o.Option).ToHashSet();
        var small = new Dictionary<string, string> { ["batch-size"] = batch.ToString(), ["hidden"] = "64", ["latent"] = "8", ["channels"] = "8,16", ["features"] = "8" };
        if (name == "conv-vae") small["channels"] = "8";
        using var model = entry.Create(ModelRegistry.ParseOptions(entry, small.Where(kv => known.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value)));
        var data = TinyData.Digits(batch, 16).Train;
        model.Build(Acc, data);
        var images = data.Images.AsSpan(0, batch * data.PixelsPerImage).ToArray();
        var labels = data.Labels.AsSpan(0, batch).ToArray();
        for (int i = 0; i < Warmup; i++) model.TrainStep(images, labels);
        Acc.Synchronize();

        // A real allocation in the step shows in every window; the runtime's own (tiered JIT, the test runner's threads)
        // in some. So the managed bytes are those of the quietest of three windows.
        var launches = new long[Measured];
        var start = Acc.Counters;
        long managed = long.MaxValue;
        for (int window = 0; window < 3 && managed > 0; window++)
        {
            long bytes = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < Measured; i++)
            {
                var before = Acc.Counters.Launches;
                model.TrainStep(images, labels);
                launches[i] = Acc.Counters.Launches - before;
            }
            managed = Math.Min(managed, GC.GetTotalAllocatedBytes(precise: true) - bytes);
        }
        var d = Acc.Counters - start;
        long steps = d.Launches / launches[0];
        Acc.Synchronize();
        TestContext.Progress.WriteLine($"[{BackendName}] {name} batch {batch}: per step {launches[0]} launches, {d.Fills / steps} fills, " +
            $"{d.Uploads / steps} uploads, {d.Downloads / steps} downloads, {d.DeviceCopies / steps} device copies, {d.HostWaits} waits, " +
            $"{managed / Measured} managed bytes");
        Assert.Multiple(() =>
        {
            Assert.That(launches, Is.All.EqualTo(launches[0]), "the same launches at every step");
            Assert.That(d.HostWaits, Is.Zero, "host waits");
            Assert.That(d.Downloads, Is.Zero, "reads to the host");
            Assert.That(d.Allocations, Is.Zero, "buffers allocated");
            Assert.That(d.CompiledKernels, Is.Zero, "kernels compiled after warm-up");
            Assert.That(managed, Is.Zero, "managed bytes allocated on any thread");
        });
    }
}
