using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>The build-time shape rule shared by the pooling nodes (the same limits <see cref="Pool"/> enforces at run time).</summary>
internal static class PoolShape
{
    /// <summary>Checks x and the window against each other; returns the output size or throws through <paramref name="error"/>.</summary>
    public static (int Oh, int Ow) Check(Tensor x, int kernel, int stride, int padding, Func<string, GraphException> error)
    {
        if (x.Shape.Rank != 4) throw error($"input {x} must be an NCHW image batch (N, C, H, W)");
        if (kernel <= 0 || stride <= 0 || padding < 0)
            throw error($"kernel {kernel} and stride {stride} must be positive and padding {padding} not negative");
        if (2 * padding > kernel) throw error($"padding {padding} is more than half the kernel {kernel}");
        int h = x.Shape[2], w = x.Shape[3];
        if (kernel > h + 2 * padding || kernel > w + 2 * padding)
            throw error($"the {kernel}×{kernel} window is larger than the padded {h + 2 * padding}×{w + 2 * padding} input");
        return (Pool.OutputSize(h, kernel, stride, padding), Pool.OutputSize(w, kernel, stride, padding));
    }
}
