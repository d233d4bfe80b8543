using Spectre.Console;

namespace KernelGen.Cli;

/// <summary>
/// Decides how output looks: Spectre.Console tables, colours and live progress bars on a terminal; plain text
/// (no ANSI escape codes, wide tables, one line per progress report) when standard output is redirected to a
/// file or a pipe, when Spectre finds no ANSI support, or when mpirun started the process (Open MPI hands each rank
/// a pseudo-terminal, but the output is a log that several ranks share).
/// </summary>
internal static class Terminal
{
    /// <summary>Width of tables written to a file or pipe (wide enough that tables do not wrap).</summary>
    private const int PlainWidth = 200;

    /// <summary>Whether output is plain text (redirected or no ANSI support).</summary>
    public static bool Plain { get; private set; }

    /// <summary>Configures <see cref="AnsiConsole"/> once, before any command writes.</summary>
    public static void Configure()
    {
        var launchedByMpi = KernelGen.Distributed.DataParallel.LaunchedRanks is not null;
        // Before the first Console call: .NET writes the terminal's keypad escape codes into a rank's log otherwise.
        if (launchedByMpi) Environment.SetEnvironmentVariable("TERM", "dumb");
        Plain = launchedByMpi || Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Ansi
            || Environment.GetEnvironmentVariable("NO_COLOR") is { Length: > 0 };
        if (!Plain) return;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        console.Profile.Width = PlainWidth;
        AnsiConsole.Console = console;
    }

    /// <summary>Writes a line of plain text (no markup is interpreted; never wrapped when output is plain).</summary>
    public static void Line(string text)
    {
        if (Plain) Console.Out.WriteLine(text);
        else AnsiConsole.Console.WriteLine(text);
    }

    /// <summary>Writes a line whose markup (e.g. <c>[green]ok[/]</c>) is shown as colour on a terminal and dropped otherwise.</summary>
    public static void Markup(string markup) => AnsiConsole.Console.MarkupLine(markup);
}
