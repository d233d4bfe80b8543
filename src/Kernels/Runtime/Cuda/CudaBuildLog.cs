using System.Text;
using System.Text.RegularExpressions;

namespace KernelGen.Runtime.Cuda;

/// <summary>
/// Reads NVRTC logs: finds the generated-source lines they cite (<c>kernel.cu(12): error: ...</c>) and
/// builds the <see cref="KernelCompilationException"/> message that maps them back to the C# kernel.
/// </summary>
internal static partial class CudaBuildLog
{
    [GeneratedRegex(@"^[^\s(][^\r\n(]*\((\d+)\):\s", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex CitationPattern();

    /// <summary>The distinct line numbers of the generated source that <paramref name="log"/> cites, in order of appearance.</summary>
    public static IReadOnlyList<int> CitedLines(string log)
    {
        var lines = new List<int>();
        foreach (Match match in CitationPattern().Matches(log))
            if (int.TryParse(match.Groups[1].ValueSpan, out int line) && line > 0 && !lines.Contains(line))
                lines.Add(line);
        return lines;
    }

    /// <summary>
    /// The compile-error message: kernel and device, the log, then for each cited line the generated text and
    /// the C# file:line it came from.
    /// </summary>
    public static string FormatError(KernelDefinition kernel, string target, string log)
    {
        var text = new StringBuilder();
        text.Append($"Kernel '{kernel.Name}' ({kernel.SourceFile}:{kernel.SourceLine}) failed to compile for CUDA device {target}.");
        text.Append("\nNVRTC log:\n").Append(log.TrimEnd());
        var cited = CitedLines(log);
        if (cited.Count == 0) return text.ToString();
        var generated = kernel.CudaSource.Split('\n');
        text.Append("\nGenerated lines cited by the log:");
        foreach (int line in cited)
        {
            string code = line <= generated.Length ? generated[line - 1].Trim() : "(past the end of the generated source)";
            int csLine = line <= kernel.CudaLineMap.Count ? kernel.CudaLineMap[line - 1] : 0;
            text.Append($"\n  line {line}: {code}");
            text.Append(csLine > 0 ? $"\n    from {kernel.SourceFile}:{csLine}" : "\n    (no C# line: generated scaffolding)");
        }
        return text.ToString();
    }
}
