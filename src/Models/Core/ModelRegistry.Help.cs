using System.ComponentModel;
using System.Reflection;

namespace KernelGen.Models;

public static partial class ModelRegistry
{
    /// <summary>What a model option means and accepts, in one line: its <see cref="DescriptionAttribute"/>.</summary>
    public static string Description(PropertyInfo property) => property.GetCustomAttribute<DescriptionAttribute>()?.Description ?? "";

    /// <summary>How a value of <paramref name="type"/> is written, for help: INT, NUMBER, true|false, the kebab names of an enum, INT,INT,… for a list.</summary>
    public static string ValueName(Type type) =>
        type == typeof(int) || type == typeof(ulong) ? "INT" : type == typeof(bool) ? "true|false" : type == typeof(int[]) ? "INT,INT,..."
        : type.IsEnum ? string.Join("|", Enum.GetNames(type).Select(Kebab)) : "NUMBER";
}
