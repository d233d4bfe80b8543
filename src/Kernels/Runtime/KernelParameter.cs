namespace KernelGen;

/// <summary>One parameter of a kernel as the launcher sees it.</summary>
/// <param name="Name">The C# parameter name.</param>
/// <param name="IsView">True for <see cref="ArrayView{T}"/>, false for a scalar or a struct.</param>
/// <param name="Type">The scalar type, or the element type of a view (unused for a struct).</param>
public sealed record KernelParameter(string Name, bool IsView, ScalarType Type)
{
    /// <summary>The C# struct of a struct parameter (passed by value as its bytes), or null.</summary>
    public Type? StructType { get; private init; }

    /// <summary>The size in bytes of a struct parameter, as the generator laid it out (4 bytes a field).</summary>
    public int StructSize { get; private init; }

    /// <summary>Whether this is a struct parameter.</summary>
    public bool IsStruct => StructType != null;

    /// <summary>A struct parameter; called by generated code.</summary>
    public static KernelParameter Struct(string name, Type structType, int size) =>
        new(name, false, ScalarType.Int) { StructType = structType, StructSize = size };

    /// <inheritdoc/>
    public override string ToString() =>
        IsStruct ? $"{StructType!.Name} {Name} ({StructSize} bytes)"
        : IsView ? $"ArrayView<{Type.CSharpName()}> {Name}" : $"{Type.CSharpName()} {Name}";
}
