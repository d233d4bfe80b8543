using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace KernelGen.Cli;

/// <summary>
/// Numeric options whose parse errors name the option as typed and what it accepts
/// (<c>--seed -1 is not accepted: expected an integer from 0 to 18446744073709551615</c>) instead of
/// System.CommandLine's "Cannot parse argument … as expected type 'System.Int32'".
/// </summary>
internal static class NumberOption
{
    /// <summary>An integer option from <paramref name="min"/> to <paramref name="max"/> with a default.</summary>
    public static Option<T> Integer<T>(string name, T min, T max, T defaultValue, string description)
        where T : struct, IBinaryInteger<T>, IMinMaxValue<T> => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        HelpName = HelpName(min, max),
        CustomParser = r => ParseInteger(r, name, min, max) ?? defaultValue,
    };

    /// <summary>An integer option from <paramref name="min"/> to <paramref name="max"/>; null when not given.</summary>
    public static Option<T?> OptionalInteger<T>(string name, T min, T max, string description)
        where T : struct, IBinaryInteger<T>, IMinMaxValue<T> => new(name)
    {
        Description = description,
        HelpName = HelpName(min, max),
        CustomParser = r => ParseInteger(r, name, min, max),
    };

    /// <summary>
    /// A number option; null when not given. Any number the invariant culture parses is returned (the command checks
    /// the range); anything else is an error saying <paramref name="accepted"/>, e.g. "a positive finite number".
    /// </summary>
    public static Option<float?> OptionalNumber(string name, string accepted, string description) => new(name)
    {
        Description = description,
        HelpName = "NUMBER",
        CustomParser = r =>
        {
            var text = Text(r);
            if (float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return value;
            r.AddError($"{Typed(r, name)} {text} is not accepted: expected {accepted}.");
            return null;
        },
    };

    /// <summary>What an integer option accepts, for errors: "an integer from 1 to 1000" ("an integer" for a signed type's whole range).</summary>
    public static string Accepted<T>(T min, T max) where T : struct, IBinaryInteger<T>, IMinMaxValue<T> =>
        min == T.MinValue && max == T.MaxValue && T.IsNegative(min) ? "an integer" : FormattableString.Invariant($"an integer from {min} to {max}");

    private static T? ParseInteger<T>(ArgumentResult r, string name, T min, T max) where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
    {
        var text = Text(r);
        if (T.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        r.AddError($"{Typed(r, name)} {text} is not accepted: expected {Accepted(min, max)}.");
        return null;
    }

    private static string HelpName<T>(T min, T max) where T : struct, IBinaryInteger<T>, IMinMaxValue<T> =>
        max == T.MaxValue ? "INT" : FormattableString.Invariant($"{min}..{max}");

    private static string Text(ArgumentResult r) => r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";

    private static string Typed(ArgumentResult r, string name) => (r.Parent as OptionResult)?.IdentifierToken?.Value ?? name;
}
