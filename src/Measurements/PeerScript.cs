using System.Diagnostics;
using System.Text.Json;
using KernelGen.Models;

namespace KernelGen.Measurements;

/// <summary>Runs a PyTorch peer script (scripts/peers/*.py, copied beside the program) with Debian's python3-torch.</summary>
public static class PeerScript
{
    /// <summary>The interpreter that has torch: Debian's /usr/bin/python3 when present.</summary>
    public static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary>Whether torch can be imported; if not, <paramref name="reason"/> says why.</summary>
    public static bool Available(out string reason)
    {
        var (code, _, err) = Exec(Python, ["-c", "import torch"], TimeSpan.FromMinutes(1), _ => { });
        reason = code == 0 ? "" : $"PyTorch is not importable by {Python} ({err.Trim().Split('\n').LastOrDefault()}); install python3-torch";
        return code == 0;
    }

    /// <summary>Runs <paramref name="script"/> with <paramref name="args"/> plus <c>--json FILE</c>; returns the JSON it wrote.</summary>
    public static JsonElement Run(string script, IEnumerable<string> args, Action<string> log)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "peers", script);
        if (!File.Exists(path)) throw new FileNotFoundException($"Peer script {path} is missing.");
        var json = Path.Combine(Path.GetTempPath(), $"kernelgen-peer-{Guid.NewGuid():N}.json");
        try
        {
            var (code, _, err) = Exec(Python, [path, .. args, "--json", json], TimeSpan.FromHours(2), log);
            if (code != 0) throw new InvalidOperationException($"Peer {script} failed with exit code {code}: {err.Trim()}");
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            return doc.RootElement.Clone();
        }
        finally
        {
            File.Delete(json);
        }
    }

    private static (int Code, string Out, string Err) Exec(string file, IEnumerable<string> args, TimeSpan timeout, Action<string> log)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(info)!;
            var output = new System.Text.StringBuilder();
            p.OutputDataReceived += (_, e) => { if (e.Data is { } line) { output.AppendLine(line); log(line); } };
            p.BeginOutputReadLine();
            var err = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeout)) { p.Kill(true); return (-1, output.ToString(), "timed out"); }
            p.WaitForExit();
            return (p.ExitCode, output.ToString(), err.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "", e.Message);
        }
    }
}
