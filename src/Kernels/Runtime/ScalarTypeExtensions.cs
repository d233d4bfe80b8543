namespace KernelGen;

internal static class ScalarTypeExtensions
{
    public static string CSharpName(this ScalarType type) => type switch
    {
        ScalarType.Float => "float",
        ScalarType.Int => "int",
        _ => "uint",
    };

    public static ScalarType Of<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? ScalarType.Float
        : typeof(T) == typeof(int) ? ScalarType.Int
        : typeof(T) == typeof(uint) ? ScalarType.UInt
        : throw new NotSupportedException($"Element type {typeof(T).Name} is not supported; use float, int or uint.");
}
