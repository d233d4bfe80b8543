using Microsoft.CodeAnalysis;

namespace KernelGen.Generator
{
    internal static class Diagnostics
    {
        private const string Category = "KernelGen";

        public static readonly DiagnosticDescriptor Unsupported = new DiagnosticDescriptor(
            "KG0001", "Not supported in a kernel", "{0} is not supported in kernel code: {1}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor BadType = new DiagnosticDescriptor(
            "KG0002", "Type not supported in a kernel", "Type '{0}' is not supported in kernel code ({1}); kernels use int, uint, float, bool and ArrayView<float|int|uint>",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor BadDeclaration = new DiagnosticDescriptor(
            "KG0003", "Invalid kernel declaration", "Kernel '{0}': {1}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor BadCounterpart = new DiagnosticDescriptor(
            "KG0004", "Invalid CPU counterpart", "Kernel '{0}': {1}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor BadSpecialization = new DiagnosticDescriptor(
            "KG0005", "Invalid kernel specialization", "Kernel '{0}': {1}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor IlgpuPitfall = new DiagnosticDescriptor(
            "KG0006", "Construct ILGPU cannot compile", "{0} is refused in kernel code because {1}; use {2}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor BadStruct = new DiagnosticDescriptor(
            "KG0007", "Struct not supported as a kernel parameter", "Struct '{0}' cannot be a kernel parameter: {1}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor IlgpuUnsupported = new DiagnosticDescriptor(
            "KG0008", "ILGPU member not supported", "ILGPU's '{0}' is not supported in a KernelGen kernel; KernelGen maps ILGPU's "
            + "ArrayView<T> and ArrayView1D<T, Stride1D.Dense> (indexing, Length, IntLength, SubView), Index1D/Index2D (X, Y, as int), "
            + "Grid and Group (IdxX, IdxY, DimX, DimY, Index.X/Y, Dimension.X/Y, Grid.GlobalIndex.X/Y, Group.Barrier()), "
            + "SharedMemory.Allocate<T>(N), LocalMemory.Allocate<T>(N) and Interop.FloatAsInt/IntAsFloat on float and uint",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    }
}
