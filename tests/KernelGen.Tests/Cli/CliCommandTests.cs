namespace KernelGen.Tests.Cli;

/// <summary>kernelgen with no arguments, devices and models, through the real executable.</summary>
public sealed class CliCommandTests
{
    private static string Temp => Path.GetTempPath();

    [Test]
    public void NoArgumentsPrintsHelpWithEveryCommand()
    {
        var r = Kernelgen.Run(Temp);
        CliAssert.Succeeded(r);
        Assert.That(r.Stdout, Does.Contain("Usage:").And.Contain("kernelgen train vae --epochs 3"));
        foreach (var command in new[] { "train", "models", "devices", "sample", "reconstruct", "interpolate", "arithmetic", "latent-plot", "anomaly", "summary", "export", "measure" })
            Assert.That(r.Stdout, Does.Contain($"  {command}"), $"help lists {command}");
    }

    [Test]
    public void DevicesListsTheCpuAndEveryBackend()
    {
        var r = Kernelgen.Run(Temp, ["devices"], 120, allBackends: true);
        CliAssert.Succeeded(r);
        Assert.That(r.Stdout, Does.Contain("cpu").And.Contain("OpenCL").And.Contain("Cuda"));
    }

    [Test]
    public void DevicesListsIlgpuAcceleratorsWithWhyAKindIsUnavailable()
    {
        var r = Kernelgen.Run(Temp, ["devices"], 120, allBackends: true);
        CliAssert.Succeeded(r);
        Assert.That(r.Stdout, Does.Contain("ILGPU accelerators"));
        var rows = r.Stdout.Split('\n').Select(line => line.Trim('│', ' ')).ToArray();
        Assert.That(rows.Where(row => row.StartsWith("ilgpu:cpu ", StringComparison.Ordinal)).Single(), Does.Contain(" available"));
        // No CUDA driver here, and PoCL's OpenCL device lacks the generic address space ILGPU needs: each says why.
        Assert.That(rows.Where(row => row.StartsWith("ilgpu:cuda", StringComparison.Ordinal) || row.StartsWith("ilgpu:opencl", StringComparison.Ordinal)),
            Has.Some.Match("unavailable.*(no CUDA|refused by ILGPU|libOpenCL.so not found)"), r.Stdout);
    }

    [Test]
    public void ModelsListsEveryRegisteredModelWithItsOptions()
    {
        var r = Kernelgen.Run(Temp, "models");
        CliAssert.Succeeded(r);
        foreach (var entry in KernelGen.Models.ModelRegistry.All)
        {
            Assert.That(r.Stdout, Does.Contain(entry.Name));
            foreach (var (option, _, _) in KernelGen.Models.ModelRegistry.Options(entry))
                Assert.That(r.Stdout, Does.Contain("--" + option));
        }
    }

    [Test]
    public void TrainHelpListsTheModelsAndTheCommonOptionsWithACleanUsageLine()
    {
        var r = Kernelgen.Run(Temp, "train", "--help");
        CliAssert.Succeeded(r);
        Assert.That(r.Stdout, Does.Contain("kernelgen train MODEL [options] [--model-option value]...").And.Contain("--resume").And.Contain("--verbose"));
        foreach (var entry in KernelGen.Models.ModelRegistry.All)
            Assert.That(r.Stdout, Does.Contain($"  {entry.Name}").And.Contain(entry.Description), $"help lists {entry.Name}");
        Assert.That(r.Stdout, Does.Not.Contain("additional arguments").And.Not.Contain("--latent (20)"), "no malformed usage, no model's options pasted in");
        Assert.That(r.Stdout, Does.Not.Contain("--limit"), "--limit is a hidden option for tests");
    }

    [Test]
    public void TrainModelHelpListsThatModelsOptionsWithMeaningRangeAndDefault()
    {
        foreach (var args in new[] { new[] { "train", "vae", "--help" }, ["train", "gan", "--latent", "3", "-h"] })
        {
            var r = Kernelgen.Run(Temp, args);
            CliAssert.Succeeded(r);
            var entry = KernelGen.Models.ModelRegistry.Get(args[1]);
            Assert.That(r.Stdout, Does.Contain($"kernelgen train {entry.Name} [options]").And.Contain("--epochs"));
            foreach (var (option, property, _) in KernelGen.Models.ModelRegistry.Options(entry))
                Assert.That(r.Stdout, Does.Contain($"--{option} <").And.Contain(KernelGen.Models.ModelRegistry.Description(property)));
        }
        var vae = Kernelgen.Run(Temp, "train", "vae", "--help").Stdout;
        Assert.That(vae, Does.Contain("--latent <INT>").And.Contain("Latent dimensions; at least 1. [default: 20]"));
        CliAssert.BadInput(Kernelgen.Run(Temp, "train", "no-such-model", "--help"), "Unknown model 'no-such-model'");
    }

    [Test]
    public void EveryModelOptionHasADescription()
    {
        foreach (var entry in KernelGen.Models.ModelRegistry.All)
            foreach (var (option, property, _) in KernelGen.Models.ModelRegistry.Options(entry))
                Assert.That(KernelGen.Models.ModelRegistry.Description(property), Is.Not.Empty, $"--{option} of {entry.Name} has no [Description]");
    }

    [Test]
    public void NoModelOptionIsShadowedByAnOptionOfTrain()
    {
        // train's own options win over a model option of the same name; only --seed is shared on purpose (it is the model's seed).
        var help = Kernelgen.Run(Temp, "train", "--help").Stdout;
        var own = System.Text.RegularExpressions.Regex.Matches(help, @"^\s+(--[a-z-]+)", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).Append("--limit").Except(["--seed"]).ToHashSet();
        foreach (var entry in KernelGen.Models.ModelRegistry.All)
            foreach (var (option, _, _) in KernelGen.Models.ModelRegistry.Options(entry))
                Assert.That(own, Does.Not.Contain("--" + option), $"model '{entry.Name}' has an option --{option} that train's own option hides; rename one");
    }
}
