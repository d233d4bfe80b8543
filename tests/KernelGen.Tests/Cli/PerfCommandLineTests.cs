using System.Diagnostics;
using System.Reflection;
using KernelGen.Tests.Generator;

namespace KernelGen.Tests.Cli;

/// <summary>The perf harness's command line, through its built executable: help and bad flags answer at once, before anything is measured.</summary>
public sealed class PerfCommandLineTests
{
    private static Kernelgen.Result Perf(params string[] args)
    {
        var config = typeof(PerfCommandLineTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var project = GeneratorTests.FindRepoFile("perf/KernelGen.Perf.csproj");
        var exe = Path.Combine(Path.GetDirectoryName(project)!, "bin", config, "net10.0", OperatingSystem.IsWindows() ? "KernelGen.Perf.exe" : "KernelGen.Perf");
        if (!File.Exists(exe)) Assert.Ignore($"{exe} is not built; build KernelGen.sln -c {config} to run the perf command-line tests.");
        var info = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"perf {string.Join(" ", args)} ran past 60 s: it measured instead of answering");
        }
        p.WaitForExit();
        return new Kernelgen.Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    [TestCase("train", "--models")]
    [TestCase("gemm", "--shapes")]
    [TestCase("conv", "--runs")]
    public void HelpPrintsTheCommandsUsage(string command, string option)
    {
        foreach (var help in new[] { "--help", "-h" })
        {
            var r = Perf(command, "--device", "cpu", help);
            Assert.That(r.ExitCode, Is.Zero, r.ToString());
            Assert.That(r.Stdout, Does.Contain($"KernelGen.Perf {command} ").And.Contain(option));
        }
    }

    [TestCase("train", "--bogus")]
    [TestCase("gemm", "--runz")]
    [TestCase("conv", "--large-ish")]
    public void UnknownFlagIsOneLineAndExitCode2(string command, string flag)
    {
        var r = Perf(command, "--device", "cpu", flag);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
        Assert.That(r.Stderr.Trim().Split('\n'), Has.Length.EqualTo(1), r.ToString());
        Assert.That(r.Stderr, Does.Contain($"unknown option '{flag}'").And.Contain("--device"));
        Assert.That(r.Stdout, Is.Empty, "nothing was measured");
    }

    [Test]
    public void BadValueOrMissingValueIsOneLineAndExitCode2()
    {
        foreach (var (args, fragment) in new[] { (new[] { "gemm", "--runs", "x" }, "--runs x"), (["train", "--batch"], "--batch needs a value") })
        {
            var r = Perf(args);
            Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
            Assert.That(r.Stderr, Does.Contain(fragment));
        }
    }
}
