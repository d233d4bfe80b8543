namespace KernelGen;

/// <summary>One parameter of a kernel as the launcher sees it.</summary>
/// <param name="Name">The C# parameter name.</param>
/// <param name="IsView">True for <see cref="ArrayView{T}"/>, false for a scalar.</param>
/// <param name="Type">The scalar type, or the element type of a view.</param>
public sealed record KernelParameter(string Name, bool IsView, ScalarType Type)
{
    /// <inheritdoc/>
    public override string ToString() => IsView ? $"ArrayView<{Type.CSharpName()}> {Name}" : $"{Type.CSharpName()} {Name}";
}
