namespace KernelGen;

/// <summary>How a kernel is launched.</summary>
public enum KernelShape
{
    /// <summary>Once per index of a one-dimensional extent; first parameter <see cref="Index1D"/>.</summary>
    Index1D,
    /// <summary>Once per index of a two-dimensional extent; first parameter <see cref="Index2D"/>.</summary>
    Index2D,
    /// <summary>Explicit grid and group sizes; the kernel reads <see cref="Grid"/> and <see cref="Group"/>.</summary>
    Grouped,
}

/// <summary>Element type of a kernel scalar or view.</summary>
public enum ScalarType
{
    /// <summary>32-bit IEEE float.</summary>
    Float,
    /// <summary>32-bit signed integer.</summary>
    Int,
    /// <summary>32-bit unsigned integer.</summary>
    UInt,
}

/// <summary>One parameter of a kernel as the launcher sees it.</summary>
/// <param name="Name">The C# parameter name.</param>
/// <param name="IsView">True for <see cref="ArrayView{T}"/>, false for a scalar.</param>
/// <param name="Type">The scalar type, or the element type of a view.</param>
public sealed record KernelParameter(string Name, bool IsView, ScalarType Type)
{
    /// <inheritdoc/>
    public override string ToString() => IsView ? $"ArrayView<{Type.CSharpName()}> {Name}" : $"{Type.CSharpName()} {Name}";
}

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

    /// <inheritdoc/>
    public override string ToString() => Name;
}

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
