namespace KernelGen.Models.Interchange;

/// <summary>Where an import writes: checked before any work, and a failed write reported as the output's fault (nothing is left behind).</summary>
internal static class ImportOutput
{
    /// <summary>The full path of <paramref name="output"/>, refused when its folder is missing, it is a folder, or it is the input.</summary>
    public static string Check(string input, string output)
    {
        var full = Path.GetFullPath(output);
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
            throw new ArgumentException($"Output '{full}' cannot be written: its folder '{folder}' does not exist.");
        if (Directory.Exists(full))
            throw new ArgumentException($"Output '{full}' is a folder; pass a file name such as {Path.Combine(full, "checkpoint.safetensors")}.");
        if (string.Equals(full, Path.GetFullPath(input), StringComparison.Ordinal))
            throw new ArgumentException($"Output '{full}' is the input file; pass another --out.");
        return full;
    }

    /// <summary>Runs the (atomic) <paramref name="write"/>; an I/O or permission failure becomes one line naming the output.</summary>
    public static void Write(string output, Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"Output '{output}' cannot be written: {e.Message}", e);
        }
    }
}
