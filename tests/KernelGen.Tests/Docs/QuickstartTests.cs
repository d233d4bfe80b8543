using KernelGen.Tests.Cli;
using KernelGen.Tests.Generator;

namespace KernelGen.Tests.Docs;

/// <summary>docs/quickstart.md shows a library program that builds, trains and samples a VAE; this runs it (one epoch) and checks the page shows exactly it.</summary>
public sealed class QuickstartTests
{
    [Test]
    public void LibraryProgramTrainsSamplesAndIsOnThePage()
    {
        AssertOnPage("docs/quickstart.md", "QuickstartExample.cs");

        var folder = Directory.CreateTempSubdirectory("kernelgen-quickstart-").FullName;
        var before = Environment.GetEnvironmentVariable(Context.BackendsVariable);
        try
        {
            Environment.SetEnvironmentVariable(Context.BackendsVariable, "cpu"); // BestDevice on the CPU, whatever this machine has
            var (reports, png) = QuickstartExample.Run(folder, epochs: 1);
            Assert.That(reports, Has.Count.EqualTo(1));
            Assert.That(reports[0].Test["test_loss"], Is.LessThan(400), "one epoch of the VAE on the digits learns something (untrained: about 543)");
            CliAssert.Png(png);
            CliAssert.Png(Path.Combine(folder, "samples-epoch001.png"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(Context.BackendsVariable, before);
            Directory.Delete(folder, true);
        }
    }

    [Test]
    public void DataParallelProgramIsOnTheScalingPage() => AssertOnPage("docs/scaling.md", "DataParallelExample.cs");

    /// <summary>The lines between the example's docs markers, unindented, appear on the page.</summary>
    private static void AssertOnPage(string page, string example)
    {
        var text = File.ReadAllText(GeneratorTests.FindRepoFile(page)).Replace("\r", "");
        var source = File.ReadAllText(GeneratorTests.FindRepoFile($"tests/KernelGen.Tests/Docs/{example}")).Replace("\r", "");
        var code = source[(source.IndexOf("// docs:begin\n") + 14)..source.IndexOf("        // docs:end")];
        var unindented = string.Join("\n", code.Split('\n').Select(l => l.Length >= 8 ? l[8..] : l.TrimStart()));
        Assert.That(text, Does.Contain(unindented.TrimEnd()), $"the program on {page} differs from {example}");
    }
}
