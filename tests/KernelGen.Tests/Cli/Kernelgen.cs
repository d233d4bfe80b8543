using System.Diagnostics;
using System.Reflection;
using KernelGen.Tests.Generator;

namespace KernelGen.Tests.Cli;

/// <summary>Runs the real <c>kernelgen</c> executable built from src/Cli (same configuration as the tests) with redirected output.</summary>
internal static class Kernelgen
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }

    /// <summary>The apphost: src/Cli/bin/CONFIG/net10.0/kernelgen (ignored when the sources are not present, e.g. the published runner).</summary>
    public static string Executable
    {
        get
        {
            var config = typeof(Kernelgen).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
            var project = GeneratorTests.FindRepoFile("src/Cli/KernelGen.Cli.csproj");
            var exe = Path.Combine(Path.GetDirectoryName(project)!, "bin", config, "net10.0", OperatingSystem.IsWindows() ? "kernelgen.exe" : "kernelgen");
            // Built with the tests through their ProjectReference; absent only where the tests were published without it (the GPU runner).
            if (!File.Exists(exe)) Assert.Ignore($"{exe} is not built (a published test runner carries no CLI); build KernelGen.sln -c {config} to run the CLI tests.");
            return exe;
        }
    }

    private static readonly Lazy<bool> EnvResetsSignals = new(() =>
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/env")) return false;
        using var probe = Process.Start(new ProcessStartInfo("/usr/bin/env", ["--default-signal=INT", "true"]) { UseShellExecute = false, RedirectStandardError = true })!;
        probe.WaitForExit();
        return probe.ExitCode == 0; // coreutils 8.31 or later
    });

    /// <summary>
    /// Starts kernelgen in <paramref name="workingDirectory"/>; only the CPU backend is probed unless <paramref name="allBackends"/>.
    /// <paramref name="environment"/> adds variables to its environment.
    /// </summary>
    public static Process Start(string workingDirectory, IEnumerable<string> args, bool allBackends = false, IReadOnlyDictionary<string, string>? environment = null)
    {
        // A test runner started in the background by a non-interactive shell inherits SIGINT ignored, and so would
        // kernelgen, whose Ctrl-C handling .NET then leaves out: env puts the default disposition back first.
        bool viaEnv = EnvResetsSignals.Value;
        var info = new ProcessStartInfo(viaEnv ? "/usr/bin/env" : Executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (viaEnv)
        {
            info.ArgumentList.Add("--default-signal=INT");
            info.ArgumentList.Add(Executable);
        }
        foreach (var a in args) info.ArgumentList.Add(a);
        if (!allBackends) info.Environment[Context.BackendsVariable] = "cpu";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        return Process.Start(info)!;
    }

    /// <summary>Runs kernelgen to the end (at most <paramref name="timeoutSeconds"/>).</summary>
    public static Result Run(string workingDirectory, params string[] args) => Run(workingDirectory, args, 120, false);

    public static Result Run(string workingDirectory, string[] args, int timeoutSeconds, bool allBackends, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var p = Start(workingDirectory, args, allBackends, environment);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"kernelgen {string.Join(" ", args)} ran past {timeoutSeconds} s");
        }
        p.WaitForExit();
        var result = new Result(p.ExitCode, stdout.Result, stderr.Result);
        TestContext.Progress.WriteLine($"kernelgen {string.Join(" ", args)} → exit {result.ExitCode}");
        return result;
    }

    /// <summary>Sends SIGINT (what Ctrl-C sends) to a process.</summary>
    public static void Interrupt(Process process)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", process.Id.ToString()]) { UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.That(kill.ExitCode, Is.Zero, "kill -INT failed");
    }

    /// <summary>
    /// Trains once into a new temporary folder (named from <paramref name="prefix"/>) with the arguments
    /// <paramref name="trainArgs"/> gives for its run folder; returns the folder and the run's checkpoint.
    /// </summary>
    public static (string Dir, string Checkpoint) TrainCheckpoint(string prefix, Func<string, string[]> trainArgs)
    {
        var dir = Directory.CreateTempSubdirectory(prefix).FullName;
        var run = Path.Combine(dir, "run");
        CliAssert.Succeeded(Run(dir, trainArgs(run)));
        return (dir, Path.Combine(run, "checkpoint.safetensors"));
    }

    /// <summary>The arguments of a tiny, fast training run on the CPU.</summary>
    public static string[] TinyTrain(string output, int epochs, params string[] more) =>
        ["train", "vae", "--hidden", "32", "--latent", "2", "--batch", "64", "--limit", "512", "--device", "cpu", "--epochs", epochs.ToString(), "--out", output, .. more];
}
