namespace KernelGen.Tests.Cli;

/// <summary>
/// Failures that are not bad input, through the real executable: one line on stderr and exit code 1, never the
/// runtime's crash (134) or a stack trace unless --verbose or KERNELGEN_VERBOSE=1. KERNELGEN_TEST_FAULT provokes them.
/// </summary>
public sealed class CliFailureTests
{
    private static string Temp => Path.GetTempPath();

    private static Kernelgen.Result Fault(string fault, string[] args, string? verbose = null)
    {
        var environment = new Dictionary<string, string> { ["KERNELGEN_TEST_FAULT"] = fault };
        if (verbose is not null) environment["KERNELGEN_VERBOSE"] = verbose;
        return Kernelgen.Run(Temp, args, 60, false, environment);
    }

    [Test]
    public void InternalErrorIsOneLineWithTheTypeAndAHint() =>
        CliAssert.Failed(Fault("internal", ["models"]), "kernelgen: internal error: System.InvalidOperationException: test fault",
            "rerun with --verbose or KERNELGEN_VERBOSE=1 for the stack trace");

    [Test]
    public void VerboseAnywhereOrTheVariablePrintsTheStackTrace()
    {
        foreach (var r in new[] { Fault("internal", ["models", "--verbose"]), Fault("internal", ["--verbose", "models"]),
                     Fault("internal", ["train", "vae", "--latent", "2", "--verbose"]), Fault("internal", ["models"], verbose: "1") })
        {
            Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
            Assert.That(r.Stderr, Does.StartWith("kernelgen: internal error: System.InvalidOperationException: test fault").And.Contain("   at KernelGen.Cli."));
            Assert.That(r.Stderr, Does.Not.Contain("rerun with"));
        }
    }

    [TestCase("io", "kernelgen: I/O error: No space left on device : '/test/checkpoint.safetensors'")]
    [TestCase("memory", "kernelgen: out of memory: test fault")]
    [TestCase("overflow", "kernelgen: a size or count is too large (arithmetic overflow): test fault")]
    [TestCase("thread", "kernelgen: internal error: System.InvalidOperationException: test fault on another thread")]
    public void FailureIsOneLineAndExitCode1(string fault, string line) => CliAssert.Failed(Fault(fault, ["models"]), line);

    [Test]
    public void FullDiskOnStandardOutputIsOneLineAndExitCode1()
    {
        if (!File.Exists("/dev/full") || !File.Exists("/bin/sh")) Assert.Ignore("needs /dev/full and /bin/sh");
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/sh", ["-c", "exec \"$0\" models > /dev/full", Kernelgen.Executable])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { [Context.BackendsVariable] = "cpu" },
        })!;
        var stderr = p.StandardError.ReadToEnd();
        Assert.That(p.WaitForExit(60_000), "kernelgen models > /dev/full did not finish");
        CliAssert.Failed(new Kernelgen.Result(p.ExitCode, "", stderr), "kernelgen: I/O error writing the output: No space left on device");
    }
}
