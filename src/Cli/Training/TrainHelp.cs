using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using KernelGen.Models;

namespace KernelGen.Cli;

/// <summary>
/// Help of <c>kernelgen train</c>: without a model, the models (name and one line) and the common options; with one
/// (<c>train vae --help</c>), that model's options with their meaning, range and default, then the common options.
/// It is the action of the root's help option, which every command shares; other commands get the default help.
/// </summary>
internal sealed class TrainHelp(HelpAction standard, Command train) : SynchronousCommandLineAction
{
    /// <summary>Makes the help option of <paramref name="root"/> write train's pages.</summary>
    public static void Install(RootCommand root, Command train)
    {
        var option = root.Options.OfType<HelpOption>().Single();
        option.Action = new TrainHelp((HelpAction)option.Action!, train);
    }

    /// <inheritdoc/>
    public override bool ClearsParseErrors => true;

    /// <inheritdoc/>
    public override int Invoke(ParseResult parse)
    {
        if (parse.CommandResult.Command != train) return standard.Invoke(parse);
        var model = parse.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).FirstOrDefault()?.Value;
        var output = parse.InvocationConfiguration.Output;
        var common = train.Options.Concat(parse.RootCommandResult.Command.Options.Where(o => o.Recursive)).Where(o => !o.Hidden).Select(Row);
        if (model is null)
        {
            HelpText.Section(output, "Description:", [(train.Description ?? "", "")]);
            HelpText.Section(output, "Usage:", [("kernelgen train MODEL [options] [--model-option value]...", "")]);
            HelpText.Section(output, "Models:", ModelRegistry.All.Select(e => (e.Name, e.Description)));
            HelpText.Section(output, "Options:", common);
            HelpText.Section(output, "Model options:", [("'kernelgen train MODEL --help' lists a model's options with their meaning, range and default.", "")]);
            return 0;
        }
        var entry = ModelRegistry.Get(model);
        HelpText.Section(output, "Description:", [($"{entry.Name}: {entry.Description}", "")]);
        HelpText.Section(output, "Usage:", [($"kernelgen train {entry.Name} [options] [--model-option value]...", "")]);
        HelpText.Section(output, $"Model options of {entry.Name} (--batch, --lr and --seed below set --batch-size, --learning-rate and --seed):",
            ModelRegistry.Options(entry).Select(o => ($"--{o.Option} <{ModelRegistry.ValueName(o.Property.PropertyType)}>",
                $"{ModelRegistry.Description(o.Property)} [default: {ModelOptionTokens.Format(o.Default)}]")));
        HelpText.Section(output, "Options:", common);
        return 0;
    }

    private static (string, string) Row(Option option)
    {
        bool flag = option.ValueType == typeof(bool) || option.Arity.MaximumNumberOfValues == 0;
        var names = string.Join(", ", option.Aliases.Where(a => !a.StartsWith('/')).Order().Append(option.Name)); // as the default help: no /? or /h
        var value = flag ? "" : $" <{option.HelpName ?? option.Name.TrimStart('-')}>";
        var fallback = option.HasDefaultValue && !flag ? $" [default: {ModelOptionTokens.Format(option.GetDefaultValue())}]" : "";
        return (names + value, option.Description + fallback);
    }
}
