using System.CommandLine;

namespace KernelGen.Cli;

/// <summary>The commands that use a trained checkpoint, in the order help lists them.</summary>
internal static class UseCommands
{
    public static IEnumerable<Command> Create() =>
    [
        SampleCommand.Create(),
        ReconstructCommand.Create(),
        InterpolateCommand.Create(),
        ArithmeticCommand.Create(),
        LatentPlotCommand.Create(),
        AnomalyCommand.Create(),
        SummaryCommand.Create(),
        ExportCommand.Create(),
    ];

    /// <summary>Sets an action that opens the checkpoint for <paramref name="use"/> and runs <paramref name="body"/>.</summary>
    public static Command WithAction(this Command command, UseOptions options, Action<ParseResult, UseSession> body)
    {
        command.SetAction(parse =>
        {
            using var session = UseSession.Open(parse, options, command.Name);
            body(parse, session);
            return 0;
        });
        return command;
    }

    /// <summary>Says where a file went.</summary>
    public static void Wrote(string what, string path) => Terminal.Line($"{what}: {path}");
}
