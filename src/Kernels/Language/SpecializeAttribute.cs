namespace KernelGen;

/// <summary>
/// Names one specialization of a generic kernel. A kernel may have one type parameter constrained
/// <c>where TShape : struct, IShape</c>, where <c>IShape</c> has only get-only properties, and read it only as
/// <c>default(TShape).Property</c>. For each <c>[Specialize]</c> the source generator renders the kernel with every
/// such read replaced by the constant that <see cref="TypeArgument"/>'s expression-bodied property returns, and
/// adds a <see cref="KernelDefinition"/> field named <c>{Name}Kernel</c>. ILGPU compiles the same source by
/// specializing the method over the struct and inlining the getters.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class SpecializeAttribute : Attribute
{
    /// <summary>Specializes the kernel for <paramref name="typeArgument"/> under the name <paramref name="name"/>.</summary>
    public SpecializeAttribute(Type typeArgument, string name)
    {
        TypeArgument = typeArgument;
        Name = name;
    }

    /// <summary>The struct that closes the kernel's type parameter.</summary>
    public Type TypeArgument { get; }

    /// <summary>The specialization's name: its definition is the field <c>{Name}Kernel</c>, its entry point <c>{Class}_{Name}</c>.</summary>
    public string Name { get; }
}
