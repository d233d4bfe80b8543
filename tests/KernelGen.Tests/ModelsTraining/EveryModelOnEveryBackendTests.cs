using KernelGen.Models;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.ModelsTraining;

/// <summary>
/// Every registered model builds and trains on every backend present (PoCL in CI): a few steps on real digits
/// with small widths, finite losses, and the same first-step loss as the CPU within 1e-3 relative (both start from
/// the same parameters, drawn on the device from the same Philox stream).
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.Backends))]
public sealed class EveryModelOnEveryBackendTests(string backend) : DeviceFixture(backend)
{
    public static IEnumerable<string> Models => ModelRegistry.All.Select(e => e.Name);

    /// <summary>Small widths so a step is quick on PoCL; options a model does not have are skipped.</summary>
    private static readonly Dictionary<string, string> Small = new()
    {
        ["batch-size"] = "16", ["hidden"] = "32", ["latent"] = "4", ["channels"] = "4,8", ["features"] = "8",
    };

    private static GenerativeModel Create(string name)
    {
        var entry = ModelRegistry.Get(name);
        var known = ModelRegistry.Options(entry).Select(o => o.Option).ToHashSet();
        var values = Small.Where(kv => known.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value);
        if (name == "stacked-ae") values["hidden"] = "32,8";
        if (name == "pixelcnn") values = values.Where(kv => kv.Key == "batch-size").ToDictionary(kv => kv.Key, kv => kv.Value);
        if (name is "conv-vae" or "db-vae" && known.Contains("channels")) values["channels"] = "8";
        return entry.Create(ModelRegistry.ParseOptions(entry, values));
    }

    [TestCaseSource(nameof(Models))]
    public void TrainsAFewSteps(string name)
    {
        var data = TinyData.Digits(64, 32).Train;
        float First(Accelerator acc, out IReadOnlyDictionary<string, float> last)
        {
            using var model = Create(name);
            model.Build(acc, data);
            int batch = model.Options.BatchSize;
            var images = data.Images.AsSpan(0, batch * data.PixelsPerImage).ToArray();
            if (model.Binarization != KernelGen.Models.Data.Binarization.None) images = images.Select(v => v > 0.5f ? 1f : 0f).ToArray();
            var labels = data.Labels.AsSpan(0, batch);
            model.TrainStep(images, labels);
            float first = model.ReadLosses().First().Value;
            model.ResetLosses();
            for (int i = 0; i < 3; i++) model.TrainStep(images, labels);
            last = model.ReadLosses();
            return first;
        }
        float here = First(Acc, out var losses);
        Assert.That(losses.Values, Is.All.Not.NaN.And.All.Not.EqualTo(float.PositiveInfinity), $"{name} on {BackendName}: {string.Join(", ", losses)}");
        if (BackendName == "cpu") return;
        using var cpu = TestDevices.Context.GetDevice("cpu").CreateAccelerator();
        float reference = First(cpu, out _);
        Assert.That(here, Is.EqualTo(reference).Within(1e-3 * Math.Abs(reference) + 1e-4), $"{name}: first-step loss on {BackendName} vs the CPU");
    }
}
