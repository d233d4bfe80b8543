using KernelGen.Tests.Cli;

namespace KernelGen.Tests.Interchange;

/// <summary>'kernelgen import' is listed with the other commands, and its help names its options.</summary>
public sealed class ImportCommandHelpTests
{
    [Test]
    public void Help_lists_the_import_command_and_its_options()
    {
        var root = Kernelgen.Run(Path.GetTempPath());
        CliAssert.Succeeded(root);
        Assert.That(root.Stdout, Does.Contain("  import"));
        var help = Kernelgen.Run(Path.GetTempPath(), "import", "--help");
        CliAssert.Succeeded(help);
        foreach (var option in new[] { "--from <torch-safetensors>", "--model <NAME>", "--image <ROWSxCOLSxCLASSES>", "--out <CHECKPOINT>" })
            Assert.That(help.Stdout, Does.Contain(option));
    }
}
