using System.Text.Json;

namespace KernelGen.Tests.Cli;

/// <summary>kernelgen measure through the real executable: quick mode, results merged into results.json.</summary>
public sealed class CliMeasureTests
{
    [Test]
    public void QuickMeasurementMergesItsResultsAndKeepsOthers()
    {
        var dir = Directory.CreateTempSubdirectory("kernelgen-cli-measure-").FullName;
        try
        {
            var results = Path.Combine(dir, "results.json");
            File.WriteAllText(results, """[{"Measurement":"earlier","Dataset":"mnist","Metrics":[],"Images":[],"Seconds":1,"Device":"x"}]""");
            var r = Kernelgen.Run(dir, "measure", "vae", "--quick", "--device", "cpu", "--out", dir);
            CliAssert.Succeeded(r);
            Assert.That(r.Stdout, Does.Contain("Measurements").And.Contain("test loss"));
            using var doc = JsonDocument.Parse(File.ReadAllText(results));
            var names = doc.RootElement.EnumerateArray().Select(e => (e.GetProperty("Measurement").GetString(), e.GetProperty("Dataset").GetString())).ToList();
            Assert.That(names, Does.Contain(("earlier", "mnist")).And.Contain(("vae", "mnist")));
            foreach (var e in doc.RootElement.EnumerateArray().Where(e => e.GetProperty("Measurement").GetString() == "vae"))
                foreach (var image in e.GetProperty("Images").EnumerateArray().Select(i => i.GetString()!).Where(i => i.EndsWith(".png")))
                    CliAssert.Png(Path.Combine(dir, image));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
