using System.Text;
using System.Text.RegularExpressions;
using static KernelGen.Runtime.OpenCL.ClNative;

namespace KernelGen.Runtime.OpenCL;

/// <summary>
/// Builds a kernel's generated OpenCL C for one device and turns a failed build into a
/// <see cref="KernelCompilationException"/> that points at the generated line and the C# line behind it.
/// </summary>
internal static unsafe partial class OpenCLCompiler
{
    /// <summary>Build options: OpenCL C 1.2, no fast-math (results are compared against double references).</summary>
    public const string Options = "-cl-std=CL1.2";

    private const int BuildProgramFailure = -11;
    private const int InvalidKernelName = -46;

    public static OpenCLKernel Compile(nint context, OpenCLDevice device, KernelDefinition kernel)
    {
        var doing = $"compiling kernel '{kernel.Name}' for {device.Name}";
        var program = CreateProgram(context, kernel.OpenCLSource, doing);
        int err;
        try
        {
            var deviceId = device.DeviceId;
            var options = Encoding.ASCII.GetBytes(Options + "\0");
            fixed (byte* o = options)
                err = clBuildProgram(program, 1, &deviceId, o, 0, 0);
            if (err == BuildProgramFailure)
            {
                var log = ClInfo.BuildLog(program, deviceId);
                throw new KernelCompilationException(Describe(kernel, device.Name, log), log);
            }
            ClError.Check(err, "clBuildProgram", doing);

            var entry = Encoding.UTF8.GetBytes(kernel.EntryPoint + "\0");
            nint handle;
            fixed (byte* e = entry)
                handle = clCreateKernel(program, e, &err);
            if (err == InvalidKernelName)
                throw new KernelCompilationException(
                    $"Kernel '{kernel.Name}' ({kernel.SourceFile}:{kernel.SourceLine}): its OpenCL source for {device.Name} has no entry point '{kernel.EntryPoint}' (clCreateKernel: CL_INVALID_KERNEL_NAME).", "");
            ClError.Check(err, "clCreateKernel", doing);
            return new OpenCLKernel(program, handle, entry);
        }
        catch
        {
            clReleaseProgram(program);
            throw;
        }
    }

    /// <summary>A program of one OpenCL C source (clCreateProgramWithSource), not yet built; the caller releases it.</summary>
    internal static nint CreateProgram(nint context, string source, string doing)
    {
        var text = Encoding.UTF8.GetBytes(source);
        nint program;
        int err;
        fixed (byte* s = text)
        {
            var strings = s;
            var length = (nuint)text.Length;
            program = clCreateProgramWithSource(context, 1, &strings, &length, &err);
        }
        ClError.Check(err, "clCreateProgramWithSource", doing);
        return program;
    }

    /// <summary>
    /// The message for a failed build: kernel, device, each generated line the log mentions (with the C# file:line
    /// it came from), then the whole log.
    /// </summary>
    internal static string Describe(KernelDefinition kernel, string deviceName, string log)
    {
        var text = new StringBuilder()
            .Append($"Kernel '{kernel.Name}' ({kernel.SourceFile}:{kernel.SourceLine}) failed to compile for OpenCL device {deviceName} (clBuildProgram: CL_BUILD_PROGRAM_FAILURE).")
            .AppendLine();
        var lines = kernel.OpenCLSource.Split('\n');
        foreach (var line in ReferencedLines(log))
        {
            if (line < 1 || line > lines.Length) continue;
            text.Append($"  generated line {line}: {lines[line - 1].TrimEnd('\r').Trim()}");
            int csLine = line - 1 < kernel.OpenCLLineMap.Count ? kernel.OpenCLLineMap[line - 1] : 0;
            text.AppendLine(csLine > 0 ? $"  (from {kernel.SourceFile}:{csLine})" : "");
        }
        return text.AppendLine("Build log:").Append(log).ToString();
    }

    /// <summary>
    /// The source lines a build log refers to, in order of first mention: <c>&lt;source&gt;:12:5:</c>,
    /// <c>input.cl:12:</c>, <c>/tmp/x.cl:12:</c> (PoCL) or <c>:12:</c>, each at the start of a log line or after
    /// a space (built-in headers excluded; a time such as <c>10:30:</c> is not a reference).
    /// </summary>
    internal static IEnumerable<int> ReferencedLines(string log)
    {
        var seen = new HashSet<int>();
        foreach (Match m in LineReference().Matches(log))
        {
            if (m.Groups["file"].Value.Contains("built-in", StringComparison.Ordinal) || m.Groups["file"].Value.EndsWith(".h", StringComparison.Ordinal))
                continue;
            if (int.TryParse(m.Groups["line"].Value, out var line) && seen.Add(line))
                yield return line;
        }
    }

    [GeneratedRegex(@"(?:^|(?<=\s))(?<file><[^>\s]*>|[^\s:<>]*\.\w+)?:(?<line>\d+):", RegexOptions.Multiline)]
    private static partial Regex LineReference();
}
