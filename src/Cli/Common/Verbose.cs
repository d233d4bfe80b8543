using System.CommandLine;

namespace KernelGen.Cli;

/// <summary>
/// Whether a failure prints its stack trace: the global <c>--verbose</c> option (accepted anywhere on the command
/// line) or <c>KERNELGEN_VERBOSE=1</c>. Without either, a failure is one line.
/// </summary>
internal static class Verbose
{
    /// <summary>The environment variable that turns stack traces on.</summary>
    public const string Variable = "KERNELGEN_VERBOSE";

    /// <summary>The <c>--verbose</c> option, recursive so every command accepts it.</summary>
    public static Option<bool> Option { get; } = new("--verbose")
    {
        Description = $"On a failure, print the stack trace too (as {Variable}=1 does).",
        Recursive = true,
    };

    /// <summary>Whether stack traces are printed.</summary>
    public static bool Enabled { get; private set; } = Environment.GetEnvironmentVariable(Variable) == "1";

    /// <summary>Turns stack traces on when the command line has <c>--verbose</c>.</summary>
    public static void Read(ParseResult parse)
    {
        if (parse.GetValue(Option)) Enabled = true;
    }
}
