using System.Globalization;

namespace KernelGen.Models;

/// <summary>
/// An option whose value is out of range. It names the property and its command-line option
/// (<c>BatchSize (--batch-size) = 0 is out of range; it must be at least 1.</c>), so a command line can say the
/// option as the user typed it (<see cref="CommandLineMessage"/>).
/// </summary>
public sealed class OptionRangeException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="property"/> holding <paramref name="value"/>.</summary>
    /// <param name="property">The options property, e.g. <c>BatchSize</c>.</param>
    /// <param name="value">Its value.</param>
    /// <param name="expected">What is accepted, completing "it must be …", e.g. <c>at least 1</c>.</param>
    public OptionRangeException(string property, object? value, string expected)
        : base($"{property} (--{ModelRegistry.Kebab(property)}) = {Text(value)} is out of range; it must be {expected}.", property)
    {
        Property = property;
        Value = Text(value);
        Expected = expected;
    }

    /// <summary>The options property, e.g. <c>BatchSize</c>.</summary>
    public string Property { get; }

    /// <summary>The command-line option, e.g. <c>--batch-size</c>.</summary>
    public string Option => "--" + ModelRegistry.Kebab(Property);

    /// <summary>The value as a command line writes it.</summary>
    public string Value { get; }

    /// <summary>What is accepted, e.g. <c>at least 1</c>.</summary>
    public string Expected { get; }

    /// <summary>"--batch-size 0 is out of range; it must be at least 1." with the option written as <paramref name="typed"/> (default <see cref="Option"/>).</summary>
    public string CommandLineMessage(string? typed = null) => $"{typed ?? Option} {Value} is out of range; it must be {Expected}.";

    private static string Text(object? value) => value switch
    {
        null => "null",
        Enum e => ModelRegistry.Kebab(e.ToString()),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
