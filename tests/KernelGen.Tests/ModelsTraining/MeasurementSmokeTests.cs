using KernelGen.Measurements;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.ModelsTraining;

/// <summary>Every quality measurement runs end to end in its quick mode (small slices, one epoch) and writes its images.</summary>
public sealed class MeasurementSmokeTests
{
    public static IEnumerable<string> Names => MeasurementRegistry.All.Select(m => m.Name);

    [TestCaseSource(nameof(Names))]
    public void RunsQuickly(string name)
    {
        var dir = Directory.CreateTempSubdirectory($"kernelgen-measure-{name}-").FullName;
        try
        {
            using var acc = TestDevices.Context.GetDevice("cpu").CreateAccelerator();
            var ctx = new MeasurementContext(acc, dir, quick: true, log: line => TestContext.Progress.WriteLine(line));
            var results = MeasurementRegistry.Get(name).Run(ctx).ToList();
            Assert.That(results, Is.Not.Empty);
            foreach (var r in results)
            {
                Assert.That(r.Metrics, Is.Not.Empty, $"{name}/{r.Dataset} reported no metric");
                // A quality line that needs a judge (a classifier) not available yet is reported as "not judged", value NaN.
                Assert.That(r.Metrics.Where(m => !(m.Met is null && m.Note.StartsWith("not judged"))).Select(m => m.Value), Is.All.Not.NaN);
                foreach (var image in r.Images) Assert.That(File.Exists(Path.Combine(dir, image)), $"{image} was not written");
                foreach (var model in (r.Gallery ?? []).GroupBy(g => g.Model))
                {
                    Assert.That(model.Select(g => g.Kind), Is.EqualTo(ModelGallery.Kinds), $"{name}/{r.Dataset}/{model.Key}: every kind of picture, in order");
                    foreach (var item in model)
                    {
                        Assert.That(item.Caption, Is.Not.Empty, $"{model.Key} {item.Kind}: a caption or the reason there is none");
                        if (item.Image is not null) Assert.That(File.Exists(Path.Combine(dir, item.Image)), $"{item.Image} was not written");
                    }
                }
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
