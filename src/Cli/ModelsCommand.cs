using System.CommandLine;
using KernelGen.Models;
using Spectre.Console;

namespace KernelGen.Cli;

/// <summary><c>kernelgen models</c>: every model in the registry, what it can do, and its options with their defaults.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "List the models 'kernelgen train' accepts, their uses, and their options with defaults.");
        command.SetAction(_ =>
        {
            var table = new Table().Title("Models").AddColumns("model", "description", "uses (after training)", "options (defaults)");
            foreach (var entry in ModelRegistry.All)
            {
                using var model = entry.Create((ModelOptions)Activator.CreateInstance(entry.OptionsType)!);
                var options = string.Join("\n", ModelRegistry.Options(entry).Select(o => $"--{o.Option} {ModelOptionTokens.Format(o.Default)}"));
                table.AddRow(Markup.Escape(entry.Name), Markup.Escape(entry.Description), Markup.Escape(string.Join(", ", Capability.Of(model))), Markup.Escape(options));
            }
            AnsiConsole.Write(table);
            Terminal.Line("Train with 'kernelgen train MODEL [--epochs N] [--data D] [--device D] [--name value]...'; --batch, --lr and --seed set --batch-size, --learning-rate and --seed.");
            return 0;
        });
        return command;
    }
}
