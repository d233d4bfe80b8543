using KernelGen.Tests.Cli;
using KernelGen.Tests.Generator;

namespace KernelGen.Tests.Docs;

/// <summary>docs/quickstart.md shows a library program that builds, trains and samples a VAE; this runs it (one epoch) and checks the page shows exactly it.</summary>
public sealed class QuickstartTests
{
    [Test]
    public void LibraryProgramTrainsSamplesAndIsOnThePage()
    {
        var page = File.ReadAllText(GeneratorTests.FindRepoFile("docs/quickstart.md")).Replace("\r", "");
        var source = File.ReadAllText(GeneratorTests.FindRepoFile("tests/KernelGen.Tests/Docs/QuickstartExample.cs")).Replace("\r", "");
        var code = source[(source.IndexOf("// docs:begin\n") + 14)..source.IndexOf("        // docs:end")];
        var unindented = string.Join("\n", code.Split('\n').Select(l => l.Length >= 8 ? l[8..] : l.TrimStart()));
        Assert.That(page, Does.Contain(unindented.TrimEnd()), "the program on docs/quickstart.md differs from QuickstartExample.cs");

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
    public void DataParallelProgramIsOnTheScalingPage()
    {
        var page = File.ReadAllText(GeneratorTests.FindRepoFile("docs/scaling.md")).Replace("\r", "");
        var source = File.ReadAllText(GeneratorTests.FindRepoFile("tests/KernelGen.Tests/Docs/DataParallelExample.cs")).Replace("\r", "");
        var code = source[(source.IndexOf("// docs:begin\n") + 14)..source.IndexOf("        // docs:end")];
        var unindented = string.Join("\n", code.Split('\n').Select(l => l.Length >= 8 ? l[8..] : l.TrimStart()));
        Assert.That(page, Does.Contain(unindented.TrimEnd()), "the program on docs/scaling.md differs from DataParallelExample.cs");
    }
}
