using KernelGen.Tests.Models;

namespace KernelGen.Tests.Cli;

/// <summary>Checks on what kernelgen printed and wrote.</summary>
internal static class CliAssert
{
    /// <summary>Exit code 0, and plain output (no ANSI escape codes, as stdout is not a terminal).</summary>
    public static void Succeeded(Kernelgen.Result r)
    {
        Assert.That(r.ExitCode, Is.Zero, r.ToString());
        Assert.That(r.Stdout.Contains('\u001b'), Is.False, "ANSI escape codes in redirected output:\n" + r.Stdout); // ordinal: culture-aware Contain ignores control characters
    }

    /// <summary>Exit code 2 and one line on stderr starting "kernelgen:" that contains each of <paramref name="fragments"/>.</summary>
    public static void BadInput(Kernelgen.Result r, params string[] fragments) => OneLine(r, 2, fragments);

    /// <summary>Exit code 1 (a failure, not bad input) and one line on stderr as <see cref="BadInput"/>; returns the line.</summary>
    public static string Failed(Kernelgen.Result r, params string[] fragments) => OneLine(r, 1, fragments);

    private static string OneLine(Kernelgen.Result r, int exitCode, string[] fragments)
    {
        Assert.That(r.ExitCode, Is.EqualTo(exitCode), r.ToString());
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), "one line on stderr:\n" + r.Stderr);
        Assert.That(lines[0], Does.StartWith("kernelgen: "));
        foreach (var f in fragments) Assert.That(lines[0], Does.Contain(f));
        return lines[0];
    }

    /// <summary>A PNG that our independent reader (CRCs, zlib, sizes) and, when installed, Pillow decode.</summary>
    public static PngCheck.Decoded Png(string path)
    {
        Assert.That(File.Exists(path), $"{path} was not written");
        var decoded = PngCheck.Decode(File.ReadAllBytes(path));
        Assert.That(decoded.Width, Is.GreaterThan(28));
        if (PngCheck.DecodeWithPillow(path) is { } pil)
            Assert.That((pil.Width, pil.Height), Is.EqualTo((decoded.Width, decoded.Height)));
        return decoded;
    }

    /// <summary>A snapshot of every file in a folder (name → bytes), to show nothing changed.</summary>
    public static Dictionary<string, byte[]> Snapshot(string directory) =>
        Directory.GetFiles(directory).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
}
