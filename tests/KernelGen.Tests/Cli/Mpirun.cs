using System.Diagnostics;

namespace KernelGen.Tests.Cli;

/// <summary>
/// Runs the real <c>kernelgen</c> under Open MPI's <c>mpirun</c> (Debian's openmpi-bin, which test.sh installs). Where
/// mpirun is missing, the calling test is skipped with that reason. <c>--allow-run-as-root</c> and
/// <c>--oversubscribe</c> let it run as root (CI) and start more ranks than this machine has cores.
/// </summary>
internal static class Mpirun
{
    private static readonly Lazy<string?> Found = new(() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "mpirun")).FirstOrDefault(File.Exists));

    /// <summary>The path of mpirun, or the test ignored with the reason.</summary>
    public static string Executable => Found.Value
        ?? Ignore<string>("mpirun is not installed (Debian: apt-get install openmpi-bin; test.sh installs it), so the data-parallel runs are skipped");

    /// <summary>Starts <paramref name="ranks"/> ranks of <c>kernelgen ARGS</c>.</summary>
    public static Process Start(string workingDirectory, int ranks, IEnumerable<string> args, bool allBackends = false) =>
        StartEach(workingDirectory, [(ranks, args.ToArray())], allBackends);

    /// <summary>
    /// Starts each group of ranks with its own arguments (mpirun's <c>-np 1 A : -np 1 B</c>), which is how ranks started
    /// with different commands are provoked.
    /// </summary>
    public static Process StartEach(string workingDirectory, IReadOnlyList<(int Ranks, string[] Args)> groups, bool allBackends = false)
    {
        var info = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--allow-run-as-root");
        info.ArgumentList.Add("--oversubscribe");
        for (int g = 0; g < groups.Count; g++)
        {
            if (g > 0) info.ArgumentList.Add(":");
            info.ArgumentList.Add("-np");
            info.ArgumentList.Add(groups[g].Ranks.ToString());
            info.ArgumentList.Add(Kernelgen.Executable);
            foreach (var a in groups[g].Args) info.ArgumentList.Add(a);
        }
        if (!allBackends) info.Environment[Context.BackendsVariable] = "cpu";
        return Process.Start(info)!;
    }

    /// <summary>Runs <paramref name="ranks"/> ranks to the end (at most <paramref name="timeoutSeconds"/>).</summary>
    public static Kernelgen.Result Run(string workingDirectory, int ranks, string[] args, bool allBackends = false, int timeoutSeconds = 180) =>
        Wait(Start(workingDirectory, ranks, args, allBackends), $"-np {ranks} kernelgen {string.Join(" ", args)}", timeoutSeconds);

    /// <summary>Runs groups of ranks with their own arguments to the end.</summary>
    public static Kernelgen.Result RunEach(string workingDirectory, IReadOnlyList<(int Ranks, string[] Args)> groups, bool allBackends = false, int timeoutSeconds = 180) =>
        Wait(StartEach(workingDirectory, groups, allBackends), string.Join(" : ", groups.Select(g => $"-np {g.Ranks} kernelgen {string.Join(" ", g.Args)}")), timeoutSeconds);

    /// <summary>Waits for mpirun and collects what it printed.</summary>
    public static Kernelgen.Result Wait(Process p, string what, int timeoutSeconds)
    {
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
            {
                p.Kill(entireProcessTree: true);
                Assert.Fail($"mpirun {what} ran past {timeoutSeconds} s");
            }
            p.WaitForExit();
            var result = new Kernelgen.Result(p.ExitCode, stdout.Result, stderr.Result);
            TestContext.Progress.WriteLine($"mpirun {what} → exit {result.ExitCode}");
            return result;
        }
    }

    /// <summary>
    /// The process id of rank <paramref name="rank"/> of the run writing into <paramref name="runFolder"/> (found by the
    /// rank Open MPI puts in each rank's environment), or null while it has not started.
    /// </summary>
    public static int? RankProcess(int rank, string runFolder)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (!cmdline.Contains(runFolder)) continue;
                var environ = File.ReadAllText(Path.Combine(dir, "environ")).Split('\0');
                if (environ.Contains($"OMPI_COMM_WORLD_RANK={rank}")) return pid;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the process ended or is not ours
            }
        }
        return null;
    }

    private static T Ignore<T>(string reason)
    {
        Assert.Ignore(reason);
        return default!;
    }
}
