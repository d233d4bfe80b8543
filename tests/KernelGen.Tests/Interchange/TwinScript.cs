using System.Diagnostics;
using KernelGen.Measurements;
using KernelGen.Tests.Generator;

namespace KernelGen.Tests.Interchange;

/// <summary>Runs scripts/interchange/twin_check.py with the interpreter that has torch (<see cref="PeerScript.Python"/>).</summary>
internal static class TwinScript
{
    /// <summary>Ignores the calling test, with the reason, where Debian's PyTorch cannot be imported.</summary>
    public static void RequireTorch()
    {
        if (!PeerScript.Available(out var reason)) Assert.Ignore(reason);
    }

    public static void Run(params string[] args)
    {
        var info = new ProcessStartInfo(PeerScript.Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(GeneratorTests.FindRepoFile("scripts/interchange/twin_check.py"));
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("twin_check.py ran past 2 minutes");
        }
        p.WaitForExit();
        Assert.That(p.ExitCode, Is.Zero, $"twin_check.py {string.Join(" ", args)}\n{stdout.Result}\n{stderr.Result}");
    }
}
