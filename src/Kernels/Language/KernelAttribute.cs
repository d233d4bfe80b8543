namespace KernelGen;

/// <summary>
/// Marks a <c>static</c> method of a <c>static partial</c> class as a kernel. The source generator renders
/// it to CUDA C and OpenCL C at build time and adds a <see cref="KernelDefinition"/> field named
/// <c>{Method}Kernel</c> to the class. The CPU backend runs the C# method itself.
/// </summary>
/// <remarks>
/// A kernel whose first parameter is <see cref="Index1D"/> or <see cref="Index2D"/> is launched over an
/// extent and runs once per index. A kernel without an index parameter is explicitly grouped: it reads
/// <see cref="Grid"/> and <see cref="Group"/> and may use <see cref="SharedMemory"/> and barriers; such a
/// kernel must name a <see cref="CpuCounterpart"/>, a method with the same parameters written for the CPU.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class KernelAttribute : Attribute
{
    /// <summary>Name of a static method in the same class, with the same parameters, that the CPU runs instead.</summary>
    public string? CpuCounterpart { get; set; }
}

/// <summary>Marks a static helper method that kernels may call; it is rendered beside each kernel that uses it.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class KernelFunctionAttribute : Attribute
{
}
