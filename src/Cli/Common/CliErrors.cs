using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;
using KernelGen.Models;

namespace KernelGen.Cli;

/// <summary>
/// Turns bad usage into one line on stderr and exit code 2: parse errors, and bad input found later (an
/// <see cref="ArgumentException"/> from our checks or the library's validation, a file that is missing or not in
/// the expected format). Anything else is a <see cref="Failure"/>: one line and exit code 1, on any thread.
/// </summary>
internal static partial class CliErrors
{
    /// <summary>Exit code for bad usage or bad input.</summary>
    public const int BadUsage = 2;

    /// <summary>Exit code when Ctrl-C (SIGINT) or SIGTERM stopped a command after it saved its state (128 + SIGINT).</summary>
    public const int Interrupted = 130;

    /// <summary>Builds the command line with <paramref name="build"/>, parses and runs <paramref name="args"/>; returns the exit code. Nothing thrown escapes.</summary>
    public static int Run(Func<RootCommand> build, string[] args)
    {
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            // An exception on another thread: still one line and exit code 1, not the runtime's abort (134).
            Failure.Report(e.ExceptionObject as Exception ?? new Exception(e.ExceptionObject?.ToString()));
            Environment.Exit(Failure.ExitCode);
        };
        try
        {
            var parse = build().Parse(args);
            Verbose.Read(parse);
            if (parse.Errors.Count > 0)
            {
                Report($"{parse.Errors[0].Message} (see 'kernelgen {Path(parse)}--help')");
                return BadUsage;
            }
            TestFault.ThrowIfRequested();
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (OptionRangeException e)
        {
            Report(e.CommandLineMessage());
            return BadUsage;
        }
        catch (Exception e) when (IsBadInput(e))
        {
            Report(e.Message);
            return BadUsage;
        }
        catch (Exception e)
        {
            Failure.Report(e);
            return Failure.ExitCode;
        }
    }

    /// <summary>Whether an exception is the user's input being wrong rather than a bug.</summary>
    public static bool IsBadInput(Exception e) => e is ArgumentException or InvalidDataException or FileFormatException or FileNotFoundException
        or DirectoryNotFoundException or JsonException or EndOfStreamException or UnauthorizedAccessException
        or Models.Training.ReplicaMismatchException;

    /// <summary>
    /// This process's rank when mpirun started several (null otherwise). Bad input is usually the same on every rank
    /// and is said by rank 0 alone: the others wait <see cref="OtherRanksWait"/> first, and mpirun, which ends every
    /// rank when one exits with an error, ends them before they speak unless rank 0 had no such error.
    /// </summary>
    public static int? Rank => KernelGen.Distributed.DataParallel.LaunchedRanks is > 1 ? KernelGen.Distributed.DataParallel.LaunchedRank : null;

    /// <summary>How long a rank other than 0 waits before it reports bad input (rank 0 and mpirun speak first).</summary>
    private static readonly TimeSpan OtherRanksWait = TimeSpan.FromSeconds(3);

    /// <summary>Writes "kernelgen: MESSAGE" as one line on standard error.</summary>
    public static void Report(string message)
    {
        if (Rank is > 0) Thread.Sleep(OtherRanksWait);
        Console.Error.WriteLine($"kernelgen: {(Rank is > 0 ? RankPrefix : "")}{OneLine(message)}");
    }

    /// <summary>"rank N: " in a data-parallel run, else nothing.</summary>
    public static string RankPrefix => Rank is { } r ? $"rank {r}: " : "";

    /// <summary>The message without line breaks and without .NET's " (Parameter 'x')" suffix.</summary>
    public static string OneLine(string message) =>
        Whitespace().Replace(ParameterSuffix().Replace(message, ""), " ").Trim();

    private static string Path(ParseResult parse)
    {
        var names = new List<string>();
        for (var c = parse.CommandResult; c.Parent is System.CommandLine.Parsing.CommandResult parent; c = parent) names.Insert(0, c.Command.Name);
        return names.Count == 0 ? "" : string.Join(" ", names) + " ";
    }

    [GeneratedRegex(@"\s*\(Parameter '[^']*'\)")]
    private static partial Regex ParameterSuffix();

    [GeneratedRegex(@"\s*[\r\n]+\s*")]
    private static partial Regex Whitespace();
}
