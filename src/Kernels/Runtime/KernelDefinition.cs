namespace KernelGen;

/// <summary>Runs a kernel on the CPU: either the C# kernel over the extent, or its CPU counterpart.</summary>
public delegate void CpuKernelLauncher(in CpuLaunch launch, ReadOnlySpan<KernelArg> args);

/// <summary>
/// A kernel rendered by the source generator: its parameters, its CUDA C and OpenCL C sources, and how the
/// CPU runs it. Instances are created by generated code (field <c>{Method}Kernel</c>) and used as cache keys.
/// </summary>
public sealed class KernelDefinition
{
    /// <summary>Creates a definition; called by generated code.</summary>
    public KernelDefinition(string name, string entryPoint, KernelShape shape, KernelParameter[] parameters,
        string cudaSource, string openClSource, int[] cudaLineMap, int[] openClLineMap,
        string sourceFile, int sourceLine, CpuKernelLauncher cpu)
    {
        Name = name;
        EntryPoint = entryPoint;
        Shape = shape;
        Parameters = parameters;
        CudaSource = cudaSource;
        OpenCLSource = openClSource;
        CudaLineMap = cudaLineMap;
        OpenCLLineMap = openClLineMap;
        SourceFile = sourceFile;
        SourceLine = sourceLine;
        Cpu = cpu;
    }

    /// <summary>Class-qualified kernel name, e.g. <c>ActivationKernels.Relu</c>.</summary>
    public string Name { get; }

    /// <summary>Name of the generated GPU entry point.</summary>
    public string EntryPoint { get; }

    /// <summary>How the kernel is launched.</summary>
    public KernelShape Shape { get; }

    /// <summary>Parameters after the index parameter.</summary>
    public IReadOnlyList<KernelParameter> Parameters { get; }

    /// <summary>Generated CUDA C source (one translation unit).</summary>
    public string CudaSource { get; }

    /// <summary>Generated OpenCL C source (one program).</summary>
    public string OpenCLSource { get; }

    /// <summary>For each line of <see cref="CudaSource"/> (index = line - 1), the C# line it came from, or 0.</summary>
    public IReadOnlyList<int> CudaLineMap { get; }

    /// <summary>For each line of <see cref="OpenCLSource"/> (index = line - 1), the C# line it came from, or 0.</summary>
    public IReadOnlyList<int> OpenCLLineMap { get; }

    /// <summary>The C# file that declares the kernel.</summary>
    public string SourceFile { get; }

    /// <summary>The C# line of the kernel's declaration.</summary>
    public int SourceLine { get; }

    /// <summary>How the CPU backend runs the kernel.</summary>
    public CpuKernelLauncher Cpu { get; }

    /// <summary>The class that declares the kernel's C# method (set by generated code; null for a definition made by hand).</summary>
    /// <remarks>Backends that compile the C# itself, such as ILGPU's, find the method from this, <see cref="MethodName"/> and <see cref="TypeArgument"/>.</remarks>
    public Type? DeclaringType { get; init; }

    /// <summary>The name of the kernel's C# method (for a specialization, the generic method's).</summary>
    public string? MethodName { get; init; }

    /// <summary>For a specialization of a generic kernel, the struct that closes its type parameter; otherwise null.</summary>
    public Type? TypeArgument { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
