namespace KernelGen.Kernels;

/// <summary>
/// Host-side reductions and softmax over one axis of a tensor viewed as (outer, axis, inner) (row-major; for NCHW
/// channels: outer = n, axis = c, inner = h·w; for the last axis inner = 1). Reduced outputs hold outer·inner
/// elements. Forward overwrites, backward accumulates.
/// </summary>
public static class AxisReduce
{
    /// <summary>y[o, j] = Σ_a x[o, a, j].</summary>
    public static void Sum(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> y, int outer, int axis, int inner)
    {
        CheckReduced("AxisReduce.Sum", x, "x", y, "y", outer, axis, inner);
        stream.Launch(AxisReductionKernels.SumKernel, y.Length, x, y, axis, inner, 1f);
    }

    /// <summary>y[o, j] = mean_a x[o, a, j].</summary>
    public static void Mean(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> y, int outer, int axis, int inner)
    {
        CheckReduced("AxisReduce.Mean", x, "x", y, "y", outer, axis, inner);
        stream.Launch(AxisReductionKernels.SumKernel, y.Length, x, y, axis, inner, 1f / axis);
    }

    /// <summary>dx[o, a, j] += dy[o, j].</summary>
    public static void SumBackward(AcceleratorStream stream, ArrayView<float> dy, ArrayView<float> dx, int outer, int axis, int inner)
    {
        CheckReduced("AxisReduce.SumBackward", dx, "dx", dy, "dy", outer, axis, inner);
        stream.Launch(AxisReductionKernels.SumBackwardKernel, dx.Length, dy, dx, axis, inner, 1f);
    }

    /// <summary>dx[o, a, j] += dy[o, j] / axis.</summary>
    public static void MeanBackward(AcceleratorStream stream, ArrayView<float> dy, ArrayView<float> dx, int outer, int axis, int inner)
    {
        CheckReduced("AxisReduce.MeanBackward", dx, "dx", dy, "dy", outer, axis, inner);
        stream.Launch(AxisReductionKernels.SumBackwardKernel, dx.Length, dy, dx, axis, inner, 1f / axis);
    }

    /// <summary>y[o, j] = max_a x[o, a, j]; <paramref name="argmax"/> (outer·inner) receives the first maximizing a.</summary>
    public static void Max(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> y, ArrayView<int> argmax, int outer, int axis, int inner)
    {
        CheckReduced("AxisReduce.Max", x, "x", y, "y", outer, axis, inner);
        OpChecks.Length("AxisReduce.Max", nameof(argmax), argmax, (long)outer * inner, $"{outer}×{inner}");
        stream.Launch(AxisReductionKernels.MaxKernel, y.Length, x, y, argmax, axis, inner);
    }

    /// <summary>dx[o, argmax[o, j], j] += dy[o, j].</summary>
    public static void MaxBackward(AcceleratorStream stream, ArrayView<float> dy, ArrayView<int> argmax, ArrayView<float> dx, int outer, int axis, int inner)
    {
        CheckReduced("AxisReduce.MaxBackward", dx, "dx", dy, "dy", outer, axis, inner);
        OpChecks.Length("AxisReduce.MaxBackward", nameof(argmax), argmax, (long)outer * inner, $"{outer}×{inner}");
        stream.Launch(AxisReductionKernels.MaxBackwardKernel, dy.Length, dy, argmax, dx, axis, inner);
    }

    /// <summary>Softmax over the axis (numerically stable); may run in place. For the last axis pass inner = 1.</summary>
    public static void Softmax(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> y, int outer, int axis, int inner = 1)
    {
        CheckFull("AxisReduce.Softmax", x, "x", y, "y", outer, axis, inner);
        stream.Launch(AxisReductionKernels.SoftmaxKernel, outer * inner, x, y, axis, inner, 0);
    }

    /// <summary>dx += y·(dy − Σ_a dy·y), from the softmax output <paramref name="y"/>.</summary>
    public static void SoftmaxBackward(AcceleratorStream stream, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx, int outer, int axis, int inner = 1)
    {
        CheckFull("AxisReduce.SoftmaxBackward", y, "y", dy, "dy", outer, axis, inner);
        OpChecks.Length("AxisReduce.SoftmaxBackward", nameof(dx), dx, (long)outer * axis * inner, $"{outer}×{axis}×{inner}");
        stream.Launch(AxisReductionKernels.SoftmaxBackwardKernel, outer * inner, y, dy, dx, axis, inner);
    }

    /// <summary>Log-softmax over the axis: x − max − log Σ e^(x − max); may run in place.</summary>
    public static void LogSoftmax(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> y, int outer, int axis, int inner = 1)
    {
        CheckFull("AxisReduce.LogSoftmax", x, "x", y, "y", outer, axis, inner);
        stream.Launch(AxisReductionKernels.SoftmaxKernel, outer * inner, x, y, axis, inner, 1);
    }

    /// <summary>dx += dy − e^y·Σ_a dy, from the log-softmax output <paramref name="y"/>.</summary>
    public static void LogSoftmaxBackward(AcceleratorStream stream, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx, int outer, int axis, int inner = 1)
    {
        CheckFull("AxisReduce.LogSoftmaxBackward", y, "y", dy, "dy", outer, axis, inner);
        OpChecks.Length("AxisReduce.LogSoftmaxBackward", nameof(dx), dx, (long)outer * axis * inner, $"{outer}×{axis}×{inner}");
        stream.Launch(AxisReductionKernels.LogSoftmaxBackwardKernel, outer * inner, y, dy, dx, axis, inner);
    }

    private static void CheckDims(string op, int outer, int axis, int inner)
    {
        OpChecks.Positive(op, nameof(outer), outer);
        OpChecks.Positive(op, nameof(axis), axis);
        OpChecks.Positive(op, nameof(inner), inner);
    }

    private static void CheckReduced(string op, ArrayView<float> full, string fullName, ArrayView<float> reduced, string reducedName, int outer, int axis, int inner)
    {
        CheckDims(op, outer, axis, inner);
        OpChecks.Length(op, fullName, full, (long)outer * axis * inner, $"{outer}×{axis}×{inner}");
        OpChecks.Length(op, reducedName, reduced, (long)outer * inner, $"{outer}×{inner}");
    }

    private static void CheckFull(string op, ArrayView<float> a, string nameA, ArrayView<float> b, string nameB, int outer, int axis, int inner)
    {
        CheckDims(op, outer, axis, inner);
        OpChecks.Length(op, nameA, a, (long)outer * axis * inner, $"{outer}×{axis}×{inner}");
        OpChecks.Length(op, nameB, b, (long)outer * axis * inner, $"{outer}×{axis}×{inner}");
    }
}
