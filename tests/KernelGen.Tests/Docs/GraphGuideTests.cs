using KernelGen.Models.Data;
using KernelGen.Tests.Generator;

namespace KernelGen.Tests.Docs;

/// <summary>docs/graph.md shows code that runs and a summary that this code prints.</summary>
public sealed class GraphGuideTests
{
    [Test]
    public void GuideCodeRunsAndItsSummaryIsOnThePage()
    {
        using var acc = Support.TestDevices.Context.GetDevice("cpu").CreateAccelerator();
        var path = Path.Combine(Path.GetTempPath(), $"kernelgen-guide-{Guid.NewGuid():N}.safetensors");
        try
        {
            var images = Mnist.LoadEmbedded().Train.Images;
            var (first, last, summary) = GraphGuideExample.Run(acc, images, path);
            TestContext.Progress.WriteLine($"guide example: loss {first:F1} -> {last:F1}\n{summary}");
            Assert.That(last, Is.LessThan(first * 0.6f), "50 Adam steps on one batch should cut the loss well below its start");
            Assert.That(File.Exists(path));
            var page = File.ReadAllText(GeneratorTests.FindRepoFile("docs/graph.md"));
            var source = File.ReadAllText(GeneratorTests.FindRepoFile("tests/KernelGen.Tests/Docs/GraphGuideExample.cs"));
            var code = source[(source.IndexOf("// docs:begin\n") + 14)..source.IndexOf("        // docs:end")];
            var unindented = string.Join("\n", code.Split('\n').Select(l => l.Length >= 8 ? l[8..] : l.TrimStart()));
            Assert.That(page, Does.Contain(unindented.TrimEnd()), "the code on docs/graph.md differs from GraphGuideExample.cs");
            var table = string.Join("\n", summary.Split('\n').Skip(1).Select(l => l.TrimEnd()));
            Assert.That(page.Replace("\r", ""), Does.Contain(table.TrimEnd()), "the summary on docs/graph.md is not what the code prints");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
