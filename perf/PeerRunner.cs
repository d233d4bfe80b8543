using System.Diagnostics;
using System.Globalization;

namespace KernelGen.Perf;

/// <summary>Runs a peer benchmark script (PyTorch, ...) on the same shapes and reads back its JSON lines.</summary>
public static class PeerRunner
{
    /// <summary>Python with torch: <c>$KERNELGEN_PYTHON</c> when set (scripts/gpu-check.sh sets it to the python3 that
    /// imports torch), else Debian's /usr/bin/python3 when present, else python3 on the PATH.</summary>
    public static string Python => Environment.GetEnvironmentVariable("KERNELGEN_PYTHON") is { Length: > 0 } chosen ? chosen
        : File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary>Runs <paramref name="script"/> and returns its records (empty, with a message, on failure).</summary>
    public static IReadOnlyList<BenchRecord> Run(string script, IReadOnlyList<string> shapes, double peakGflops, SuiteOptions options)
    {
        string output = Path.GetTempFileName();
        try
        {
            var psi = new ProcessStartInfo(Python) { UseShellExecute = false };
            foreach (var a in new[]
                     {
                         script, "--json", output, "--shapes", string.Join(",", shapes), "--threads", "2", "--device", options.Device,
                         "--peak", peakGflops.ToString("F1", CultureInfo.InvariantCulture),
                         "--runs", options.MinRuns.ToString(CultureInfo.InvariantCulture),
                         "--seconds", options.MinSeconds.ToString(CultureInfo.InvariantCulture),
                     })
                psi.ArgumentList.Add(a);
            Console.WriteLine($"peer: {Python} {Path.GetFileName(script)}");
            using var process = Process.Start(psi)!;
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                Console.Error.WriteLine($"peer script failed with exit code {process.ExitCode}");
                return [];
            }
            return File.ReadAllLines(output).Where(l => l.Trim().Length > 0).Select(BenchRecord.Parse).ToList();
        }
        finally
        {
            File.Delete(output);
        }
    }
}
