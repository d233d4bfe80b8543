using System.CommandLine;
using KernelGen.Graph;
using KernelGen.Models;
using Spectre.Console;

namespace KernelGen.Cli;

/// <summary><c>kernelgen summary</c>: what a checkpoint holds (model, options, training position) and each graph's layer table.</summary>
internal static class SummaryCommand
{
    private static readonly string[] Position = ["epoch", "batch", "data", "model_steps"];

    public static Command Create()
    {
        var o = new UseOptions();
        var command = o.Command("summary", "Describe a checkpoint: model, options, training position, and every graph's layers, shapes and parameters.", usesData: false);
        command.Options.Remove(o.Out);
        return command.WithAction(o, (_, s) =>
        {
            var m = s.Model;
            var table = new Table().Title($"Checkpoint {Markup.Escape(s.Checkpoint)}").AddColumns("", "").HideHeaders();
            table.AddRow("model", Markup.Escape(m.Kind));
            table.AddRow("can", Markup.Escape(string.Join(", ", Capability.Of(m))));
            var entry = ModelRegistry.Get(m.Kind);
            table.AddRow("options", Markup.Escape(string.Join(" ", ModelRegistry.Options(entry).Select(p => $"--{p.Option} {ModelOptionTokens.Format(p.Property.GetValue(m.Options))}"))));
            table.AddRow("images", $"{m.Rows}×{m.Cols}, {m.Classes} classes");
            foreach (var key in Position.Where(s.Metadata.ContainsKey))
                table.AddRow(key, Markup.Escape(s.Metadata[key]));
            table.AddRow("parameters", $"{m.Store.Count:N0}");
            table.AddRow("device", Markup.Escape($"{s.Accelerator.Device.Id} ({s.Accelerator.Device.Name})"));
            AnsiConsole.Write(table);
            foreach (var graph in m.CompiledGraphs)
            {
                Terminal.Line("");
                foreach (var line in ModelSummary.Render(graph).TrimEnd().Split('\n')) Terminal.Line(line.TrimEnd('\r'));
            }
        });
    }
}
