using System.Globalization;

namespace KernelGen.Perf;

/// <summary>A perf command line that is wrong: one line on stderr, exit code 2.</summary>
public sealed class PerfUsageException(string message) : Exception(message);

/// <summary>
/// The options of one perf command, checked before anything runs: every flag must be one the command accepts, a
/// flag that takes a value must have one, and numbers must parse. <c>--help</c> or <c>-h</c> is <see cref="Help"/>.
/// </summary>
public sealed class PerfArgs
{
    private readonly Dictionary<string, string?> _given = new(StringComparer.Ordinal);

    /// <summary>Reads <paramref name="args"/> (after the command name) for <paramref name="command"/>.</summary>
    /// <param name="command">The command, for messages.</param>
    /// <param name="args">The arguments after the command name.</param>
    /// <param name="withValue">Flags followed by a value, e.g. <c>--device</c>.</param>
    /// <param name="switches">Flags without a value, e.g. <c>--large</c>.</param>
    public PerfArgs(string command, IReadOnlyList<string> args, IReadOnlyCollection<string> withValue, IReadOnlyCollection<string> switches)
    {
        for (int i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a is "--help" or "-h") { Help = true; continue; }
            if (switches.Contains(a)) _given[a] = null;
            else if (withValue.Contains(a))
            {
                if (i + 1 >= args.Count) throw new PerfUsageException($"{a} needs a value (perf {command} --help lists the options)");
                _given[a] = args[++i];
            }
            else throw new PerfUsageException($"unknown {(a.StartsWith('-') ? "option" : "argument")} '{a}' for 'perf {command}'; accepted: " +
                                              string.Join(", ", withValue.Concat(switches).Order(StringComparer.Ordinal)));
        }
    }

    /// <summary>Whether <c>--help</c> or <c>-h</c> was given.</summary>
    public bool Help { get; }

    /// <summary>Whether the switch <paramref name="name"/> was given.</summary>
    public bool Has(string name) => _given.ContainsKey(name);

    /// <summary>The value of <paramref name="name"/>, or <paramref name="fallback"/>.</summary>
    public string Value(string name, string fallback) => _given.GetValueOrDefault(name) ?? fallback;

    /// <summary>The integer value of <paramref name="name"/>, or <paramref name="fallback"/>; anything else is a <see cref="PerfUsageException"/>.</summary>
    public long Integer(string name, long fallback, long min = 1) =>
        _given.GetValueOrDefault(name) is not { } text ? fallback
        : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v >= min ? v
        : throw new PerfUsageException($"{name} {text} is not accepted: expected an integer of at least {min}");

    /// <summary>The number value of <paramref name="name"/>, or <paramref name="fallback"/>; anything but a positive finite number is a <see cref="PerfUsageException"/>.</summary>
    public double Number(string name, double fallback) =>
        _given.GetValueOrDefault(name) is not { } text ? fallback
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && double.IsFinite(v) ? v
        : throw new PerfUsageException($"{name} {text} is not accepted: expected a positive finite number");
}
