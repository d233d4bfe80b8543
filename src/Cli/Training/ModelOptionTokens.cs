using KernelGen.Models;

namespace KernelGen.Cli;

/// <summary>
/// The model's own hyper-parameters on the <c>train</c> (and <c>import</c>) command line. Options differ per model, so
/// System.CommandLine leaves them unmatched and they are read here as <c>--name value</c> or <c>--name=value</c>
/// pairs (a flag without a value means <c>true</c>), then passed to <see cref="ModelRegistry.ParseOptions"/>,
/// which rejects a name the model does not have with the list of those it has.
/// </summary>
internal static class ModelOptionTokens
{
    /// <summary>The pairs in <paramref name="tokens"/>; anything that is not an option is an <see cref="ArgumentException"/> naming <paramref name="command"/>.</summary>
    public static Dictionary<string, string> Parse(IReadOnlyList<string> tokens, ModelRegistry.Entry entry, string command = "train")
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!token.StartsWith("--", StringComparison.Ordinal) || token.Length == 2)
                throw new ArgumentException($"Unexpected argument '{token}' for '{command} {entry.Name}'; model options are written --name value. {Accepted(entry)}");
            string name, value;
            int eq = token.IndexOf('=');
            if (eq > 0) (name, value) = (token[2..eq], token[(eq + 1)..]);
            else if (i + 1 < tokens.Count && !tokens[i + 1].StartsWith("--", StringComparison.Ordinal)) (name, value) = (token[2..], tokens[++i]);
            else (name, value) = (token[2..], "true");
            if (!values.TryAdd(name, value))
                throw new ArgumentException($"Option '--{name}' is given twice ('{values[name]}' and '{value}').");
        }
        return values;
    }

    /// <summary>"Model 'vae' accepts: --hidden (400), --latent (20), …" for messages and help.</summary>
    public static string Accepted(ModelRegistry.Entry entry) =>
        $"Model '{entry.Name}' accepts: {string.Join(", ", ModelRegistry.Options(entry).Select(o => $"--{o.Option} ({Format(o.Default)})"))}.";

    /// <summary>A default value as written on the command line.</summary>
    public static string Format(object? value) => value switch
    {
        null => "none",
        float f => f.ToString("G", System.Globalization.CultureInfo.InvariantCulture),
        double d => d.ToString("G", System.Globalization.CultureInfo.InvariantCulture),
        int[] a => string.Join(",", a),
        bool b => b ? "true" : "false",
        Enum e => ModelRegistry.Kebab(e.ToString()),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
