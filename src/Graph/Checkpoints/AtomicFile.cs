using System.Text.RegularExpressions;

namespace KernelGen.Graph.Checkpoints;

/// <summary>
/// Writes a file whole or not at all: into a temporary file beside it (<c>.NAME.GUID.tmp</c>, the name
/// <see cref="SafeTensors.Write"/> uses too), flushed to disk, then renamed over the target. A kill or a full disk
/// leaves the old file as it was and at worst a temporary file, which <see cref="DeleteLeftovers"/> removes.
/// </summary>
public static partial class AtomicFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>, creating its folder.</summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = TemporaryPath(full);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte-order mark).</summary>
    public static void WriteText(string path, string text) => Write(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>The temporary file a write of <paramref name="fullPath"/> goes through first.</summary>
    public static string TemporaryPath(string fullPath) =>
        Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");

    /// <summary>Temporary files that writes into <paramref name="directory"/> left behind (killed mid-write).</summary>
    public static IReadOnlyList<string> Leftovers(string directory) => !Directory.Exists(directory) ? []
        : Directory.EnumerateFiles(directory, ".*.tmp").Where(f => TemporaryName().IsMatch(Path.GetFileName(f))).Order(StringComparer.Ordinal).ToList();

    /// <summary>Deletes <see cref="Leftovers"/>; only safe while no other process writes into the folder (hold its lock).</summary>
    public static int DeleteLeftovers(string directory)
    {
        var files = Leftovers(directory);
        foreach (var f in files) File.Delete(f);
        return files.Count;
    }

    [GeneratedRegex(@"^\..+\.[0-9a-f]{32}\.tmp$")]
    private static partial Regex TemporaryName();
}
