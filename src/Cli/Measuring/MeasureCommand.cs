using System.CommandLine;
using System.Globalization;
using KernelGen.Measurements;
using KernelGen.Models.Training;
using Spectre.Console;

namespace KernelGen.Cli;

/// <summary>
/// <c>kernelgen measure NAME|all</c>: runs quality measurements (src/Measurements), merges their results
/// into OUT/results.json (earlier results of other measurements are kept) and shows each metric against its target.
/// </summary>
internal static class MeasureCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = $"Measurements, comma-separated ({string.Join(", ", MeasurementRegistry.All.Select(m => m.Name))}), or 'all'; one process, so the sample judge is trained once.", DefaultValueFactory = _ => "all" };
        var device = DeviceChoice.Create();
        var output = new Option<string>("--out") { Description = "Folder for results.json and the images.", DefaultValueFactory = _ => Path.Combine("runs", "measure"), HelpName = "DIR" };
        var quick = new Option<bool>("--quick") { Description = "Smoke run: small data slices and one epoch (no quality claims)." };
        var modelOption = new Option<string[]>("--option") { Description = "A model option the generator measurements train with, NAME=VALUE (e.g. pack=4); repeatable.", HelpName = "NAME=VALUE" };
        var command = new Command("measure", "Run quality measurements; merge results into OUT/results.json and show metrics against their targets.")
        {
            name, device, output, quick, modelOption,
        };
        command.SetAction(parse =>
        {
            var which = parse.GetValue(name)!;
            var selected = which.Equals("all", StringComparison.OrdinalIgnoreCase) ? MeasurementRegistry.All
                : which.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(MeasurementRegistry.Get).ToList();
            var results = new ResultsFile(parse.GetValue(output)!);
            results.EnsureWritable();
            using var folderLock = RunFolderLock.Acquire(results.Directory); // a second measure into this folder would lose results
            using var accelerator = DeviceChoice.Open(parse.GetValue(device)!);
            var context = new MeasurementContext(accelerator, results.Directory, parse.GetValue(quick), line => Terminal.Line(line),
                ParseModelOptions(parse.GetValue(modelOption) ?? []));
            folderLock.Announce();
            var fresh = new List<MeasurementResult>();
            foreach (var measurement in selected)
            {
                Terminal.Line($"measuring {measurement.Name}: {measurement.Description} on {accelerator.Device.Id}{(context.Quick ? " (quick)" : "")}");
                foreach (var result in measurement.Run(context))
                {
                    fresh.Add(result);
                    results.Merge(result); // written after each result, so a long run keeps what it measured
                }
            }
            Show(fresh);
            Terminal.Line($"Results: {results.Path}");
            return 0; // a missed target is a finding to report, not a failure of the command
        });
        return command;
    }

    private static Dictionary<string, string> ParseModelOptions(IEnumerable<string> pairs)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            int eq = pair.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"--option '{pair}' is not NAME=VALUE (e.g. --option pack=4).");
            values[pair[..eq]] = pair[(eq + 1)..];
        }
        return values;
    }

    private static void Show(IReadOnlyList<MeasurementResult> results)
    {
        var table = new Table().Title("Measurements").AddColumns("measurement", "data", "metric", "value", "target", "", "note");
        foreach (var r in results)
            foreach (var m in r.Metrics)
                table.AddRow(Markup.Escape(r.Measurement), Markup.Escape(r.Dataset), Markup.Escape(m.Name), m.Value.ToString("G5", CultureInfo.InvariantCulture),
                    Markup.Escape(m.Target), m.Met switch { true => "[green]met[/]", false => "[red]missed[/]", null => "-" }, Markup.Escape(m.Note));
        AnsiConsole.Write(table);
    }
}
