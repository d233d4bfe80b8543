using System.Globalization;
using System.Reflection;

namespace KernelGen.Models;

/// <summary>
/// Every model by name, with its options type, so the command line (and research code) can create one from
/// <c>--option value</c> pairs or rebuild one from a checkpoint's metadata.
/// </summary>
public static partial class ModelRegistry
{
    /// <summary>A registered model.</summary>
    /// <param name="Name">Command-line name, e.g. <c>vae</c>.</param>
    /// <param name="Description">One line for help output.</param>
    /// <param name="OptionsType">Its options record type.</param>
    /// <param name="Create">Makes a model from options of <paramref name="OptionsType"/>.</param>
    public sealed record Entry(string Name, string Description, Type OptionsType, Func<ModelOptions, GenerativeModel> Create);

    private static readonly List<Entry> Entries = new();

    static ModelRegistry() => RegisterAll();

    /// <summary>All models, in registration order.</summary>
    public static IReadOnlyList<Entry> All => Entries;

    /// <summary>The model named <paramref name="name"/>; an unknown name lists the accepted ones.</summary>
    public static Entry Get(string name) =>
        Entries.FirstOrDefault(e => e.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown model '{name}'; accepted: {string.Join(", ", Entries.Select(e => e.Name))}.");

    private static void Register<TOptions>(string name, string description, Func<TOptions, GenerativeModel> create) where TOptions : ModelOptions =>
        Entries.Add(new Entry(name, description, typeof(TOptions), o => create((TOptions)o)));

    /// <summary>The settable options of a model as (kebab-case name, property, default value).</summary>
    public static IEnumerable<(string Option, PropertyInfo Property, object? Default)> Options(Entry entry)
    {
        var defaults = Activator.CreateInstance(entry.OptionsType)!;
        return entry.OptionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.Name != "EqualityContract")
            .Select(p => (Kebab(p.Name), p, p.GetValue(defaults)));
    }

    /// <summary>Options of <paramref name="entry"/> with the given values (kebab-case names) set; unknown names and bad values are named.</summary>
    public static ModelOptions ParseOptions(Entry entry, IReadOnlyDictionary<string, string> values)
    {
        var options = (ModelOptions)Activator.CreateInstance(entry.OptionsType)!;
        var known = Options(entry).ToDictionary(o => o.Option, o => o.Property);
        foreach (var (name, text) in values)
        {
            if (!known.TryGetValue(name, out var property))
                throw new ArgumentException($"Model '{entry.Name}' has no option '--{name}'; its options: {string.Join(", ", known.Keys.Select(k => "--" + k))}.");
            property.SetValue(options, Convert(text, property.PropertyType, name));
        }
        options.Validate();
        return options;
    }

    private static object Convert(string text, Type type, string name)
    {
        try
        {
            if (type == typeof(int)) return int.Parse(text, CultureInfo.InvariantCulture);
            if (type == typeof(float)) return float.Parse(text, CultureInfo.InvariantCulture);
            if (type == typeof(double)) return double.Parse(text, CultureInfo.InvariantCulture);
            if (type == typeof(ulong)) return ulong.Parse(text, CultureInfo.InvariantCulture);
            if (type == typeof(bool)) return bool.Parse(text);
            if (type == typeof(string)) return text;
            if (type.IsEnum) return Enum.Parse(type, text.Replace("-", ""), ignoreCase: true);
            if (type == typeof(int[])) return text.Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            var accepted = type.IsEnum ? $"one of {string.Join(", ", Enum.GetNames(type).Select(Kebab))}" : Describe(type);
            throw new ArgumentException($"Option '--{name}' = '{text}' is not {accepted}.");
        }
        throw new ArgumentException($"Option '--{name}' has an unsupported type {type.Name}.");
    }

    private static string Describe(Type type) =>
        type == typeof(int) ? "an integer" : type == typeof(ulong) ? "a non-negative integer" : type == typeof(bool) ? "true or false"
        : type == typeof(int[]) ? "a comma-separated list of integers" : "a number";

    /// <summary>BatchSize → batch-size.</summary>
    public static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
