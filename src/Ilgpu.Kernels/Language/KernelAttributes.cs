namespace KernelGen;

// KernelGen's attributes, so the linked kernel files compile here; ILGPU ignores them.

[AttributeUsage(AttributeTargets.Method, Inherited = false)]
internal sealed class KernelAttribute : Attribute
{
    public string? CpuCounterpart { get; set; }
}

[AttributeUsage(AttributeTargets.Method, Inherited = false)]
internal sealed class KernelFunctionAttribute : Attribute
{
}

[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
internal sealed class SpecializeAttribute(Type typeArgument, string name) : Attribute
{
    public Type TypeArgument { get; } = typeArgument;

    public string Name { get; } = name;
}
