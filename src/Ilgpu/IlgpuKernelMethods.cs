using System.Reflection;

namespace KernelGen.ILGPU;

/// <summary>
/// Finds the C# method ILGPU compiles for a KernelGen kernel: the library's kernels come from their ILGPU build (the
/// same kernel files compiled against ILGPU's types, KernelGen.ILGPU.Kernels, embedded in this assembly); a user's
/// kernel written against ILGPU's own types is its own method.
/// </summary>
public static class IlgpuKernelMethods
{
    private const string LibraryKernelsResource = "KernelGen.ILGPU.Kernels.dll";

    private static readonly Lazy<Assembly> LibraryKernels = new(LoadLibraryKernels);

    /// <summary>The ILGPU build of the library's kernels.</summary>
    public static Assembly LibraryKernelsAssembly => LibraryKernels.Value;

    /// <summary>
    /// The method ILGPU compiles for <paramref name="kernel"/> (closed over its specialization's struct for a generic
    /// kernel); a <see cref="KernelCompilationException"/> naming the kernel when there is none.
    /// </summary>
    public static MethodInfo Find(KernelDefinition kernel)
    {
        if (kernel.DeclaringType is not { } declaring || kernel.MethodName is not { } name)
            throw Refused($"Kernel '{kernel.Name}' was not made by KernelGen's generator, so ILGPU cannot find its C# method.");
        var own = FindMethod(declaring, name, kernel);
        if (own != null && TakesIlgpuTypes(own))
            return Close(own, kernel.TypeArgument, kernel);
        if (declaring.Assembly != typeof(KernelDefinition).Assembly)
            throw Refused(
                $"Kernel '{kernel.Name}' is written against KernelGen's kernel types, which ILGPU cannot compile; write it against ILGPU's " +
                "(ILGPU.ArrayView<T>, ILGPU.Index1D, ILGPU.Grid, ...) to run it on an ILGPU accelerator.");
        var twinType = LibraryKernelsAssembly.GetType(declaring.FullName!)
            ?? throw Refused($"Kernel '{kernel.Name}': {declaring.FullName} has no ILGPU build in {LibraryKernelsResource}.");
        var twin = FindMethod(twinType, name, kernel)
            ?? throw Refused($"Kernel '{kernel.Name}': {declaring.FullName}.{name} has no ILGPU build in {LibraryKernelsResource}.");
        Type? typeArgument = null;
        if (kernel.TypeArgument is { } argument)
            typeArgument = LibraryKernelsAssembly.GetType(argument.FullName!)
                ?? throw Refused($"Kernel '{kernel.Name}': its specialization {argument.FullName} has no ILGPU build.");
        return Close(twin, typeArgument, kernel);
    }

    private static MethodInfo? FindMethod(Type type, string name, KernelDefinition kernel)
    {
        int indexParameters = kernel.Shape == KernelShape.Grouped ? 0 : 1;
        return type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .FirstOrDefault(m => m.Name == name && m.GetParameters().Length == kernel.Parameters.Count + indexParameters);
    }

    private static MethodInfo Close(MethodInfo method, Type? typeArgument, KernelDefinition kernel)
    {
        if (method.IsGenericMethodDefinition != (typeArgument != null))
            throw Refused($"Kernel '{kernel.Name}': generic kernels need their specialization's struct, and only they take one.");
        return typeArgument is null ? method : method.MakeGenericMethod(typeArgument);
    }

    private static bool TakesIlgpuTypes(MethodInfo method) =>
        method.GetParameters().Any(p => p.ParameterType.Namespace == "ILGPU" || p.ParameterType.Namespace?.StartsWith("ILGPU.", StringComparison.Ordinal) == true);

    private static KernelCompilationException Refused(string message) => new(message, buildLog: "");

    private static Assembly LoadLibraryKernels()
    {
        using var stream = typeof(IlgpuKernelMethods).Assembly.GetManifestResourceStream(LibraryKernelsResource)
            ?? throw Refused($"{LibraryKernelsResource} is not embedded in KernelGen.ILGPU; the build is incomplete.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return Assembly.Load(bytes.ToArray());
    }
}
