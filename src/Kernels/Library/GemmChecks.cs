namespace KernelGen.Kernels;

/// <summary>Operand validation and batch slicing for <see cref="Blas"/>.</summary>
internal static class GemmChecks
{
    /// <summary>
    /// Throws unless <paramref name="view"/> holds <paramref name="batch"/> rows×cols matrices with row stride
    /// <paramref name="ld"/> and batch stride <paramref name="stride"/>; <paramref name="read"/> false only checks the stride.
    /// </summary>
    public static void Operand(string name, ArrayView<float> view, int rows, int cols, int ld, int stride, int batch, bool read)
    {
        if (ld < cols)
            throw new ArgumentException($"Gemm: {name} is {rows}×{cols} but its row stride is {ld} (must be at least {cols}).", name);
        if (!read) return;
        long needed = (long)(batch - 1) * stride + (long)(rows - 1) * ld + cols;
        if (view.Length < needed)
            throw new ArgumentException(
                $"Gemm: {name} ('{view.Buffer?.Name}', {view.Length} elements) is too small for {rows}×{cols} with row stride {ld}" +
                (batch > 1 ? $" and {batch} items at batch stride {stride}" : "") + $": needs {needed}.", name);
    }

    /// <summary>The view from batch item <paramref name="first"/> on (the view itself for item 0 or a shared operand).</summary>
    public static ArrayView<float> From(ArrayView<float> view, int first, int stride)
    {
        if (first == 0 || stride == 0) return view;
        int offset = first * stride;
        return view.SubView(offset, view.Length - offset);
    }
}
