namespace KernelGen.ILGPU;

using global::ILGPU;

/// <summary>The ILGPU kernels the backend itself needs.</summary>
internal static class IlgpuRuntimeKernels
{
    /// <summary>Fills a view with a 32-bit pattern (ILGPU's own fill sets bytes only).</summary>
    public static void FillPattern(Index1D i, ArrayView<uint> view, uint pattern) => view[i] = pattern;
}
