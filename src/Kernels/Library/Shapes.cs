namespace KernelGen.Kernels;

/// <summary>
/// Host-side shape ops. Concatenation works on the axis after the batch: a (N, C1, …) and b (N, C2, …) with the
/// same trailing dimensions are, per sample, contiguous blocks of C1·… and C2·… elements, so only the batch
/// size is needed and the block sizes follow from the view lengths.
/// </summary>
public static class Shapes
{
    /// <summary>y (N, C1 + C2, …) = [a | b] along the channel/feature axis.</summary>
    public static void Concat(AcceleratorStream stream, ArrayView<float> a, ArrayView<float> b, ArrayView<float> y, int batch)
    {
        var (sa, sb) = CheckConcat("Concat", a, b, y, batch, "y");
        stream.Launch(ShapeKernels.ConcatKernel, y.Length, a, b, y, sa, sb, 0);
    }

    /// <summary>Backward of <see cref="Concat"/>: da += dy's first part, db += its second part.</summary>
    public static void ConcatBackward(AcceleratorStream stream, ArrayView<float> dy, ArrayView<float> da, ArrayView<float> db, int batch)
    {
        var (sa, sb) = CheckConcat("ConcatBackward", da, db, dy, batch, "dy");
        stream.Launch(ShapeKernels.SplitKernel, dy.Length, dy, da, db, sa, sb, 1);
    }

    /// <summary>a, b = x split along the channel/feature axis into blocks of a.Length/N and b.Length/N per sample.</summary>
    public static void Split(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> a, ArrayView<float> b, int batch)
    {
        var (sa, sb) = CheckConcat("Split", a, b, x, batch, "x");
        stream.Launch(ShapeKernels.SplitKernel, x.Length, x, a, b, sa, sb, 0);
    }

    /// <summary>Backward of <see cref="Split"/>: dx += [da | db].</summary>
    public static void SplitBackward(AcceleratorStream stream, ArrayView<float> da, ArrayView<float> db, ArrayView<float> dx, int batch)
    {
        var (sa, sb) = CheckConcat("SplitBackward", da, db, dx, batch, "dx");
        stream.Launch(ShapeKernels.ConcatKernel, dx.Length, da, db, dx, sa, sb, 1);
    }

    /// <summary>
    /// y (N, <paramref name="classes"/>) = one-hot of int labels (N). A label outside [0, classes) leaves its
    /// row zero and sets <c>status[0]</c> to 1 + its row on the device; <see cref="LabelStatus.ThrowIfInvalid"/>
    /// turns that into an <see cref="ArgumentException"/> when the host reads.
    /// </summary>
    public static void OneHot(AcceleratorStream stream, ArrayView<int> labels, ArrayView<float> y, ArrayView<int> status, int classes)
    {
        const string op = "OneHot";
        OpChecks.Positive(op, nameof(classes), classes);
        if (labels.IsEmpty || labels.Length == 0)
            throw new ArgumentException($"{op}: labels must hold at least one label.", nameof(labels));
        OpChecks.Length(op, nameof(y), y, (long)labels.Length * classes, $"{labels.Length} labels × {classes} classes");
        OpChecks.Scalar(op, nameof(status), status);
        stream.Launch(ShapeKernels.OneHotKernel, y.Length, labels, y, status, classes);
    }

    /// <summary>
    /// y (N, K, H, W)[n, k, ·, ·] = v (N, K)[n, k]: a label vector or one-hot becomes K constant image channels
    /// (conditional convolutional models). For int labels, run <see cref="OneHot"/> first.
    /// </summary>
    public static void ExpandToChannels(AcceleratorStream stream, ArrayView<float> v, ArrayView<float> y, int height, int width)
    {
        int spatial = CheckExpand("ExpandToChannels", v, nameof(v), y, nameof(y), height, width);
        stream.Launch(ShapeKernels.ExpandChannelsKernel, y.Length, v, y, spatial);
    }

    /// <summary>Backward of <see cref="ExpandToChannels"/>: dv[n, k] += Σ_{h,w} dy[n, k, h, w].</summary>
    public static void ExpandToChannelsBackward(AcceleratorStream stream, ArrayView<float> dy, ArrayView<float> dv, int height, int width)
    {
        int spatial = CheckExpand("ExpandToChannelsBackward", dv, nameof(dv), dy, nameof(dy), height, width);
        stream.Launch(ShapeKernels.ExpandChannelsBackwardKernel, dv.Length, dy, dv, spatial);
    }

    private static (int, int) CheckConcat(string op, ArrayView<float> a, ArrayView<float> b, ArrayView<float> whole, int batch, string wholeName)
    {
        OpChecks.Positive(op, nameof(batch), batch);
        int sa = OpChecks.Rows(op, NameOf(op, true), a, batch);
        int sb = OpChecks.Rows(op, NameOf(op, false), b, batch);
        OpChecks.Length(op, wholeName, whole, (long)batch * (sa + sb), $"{batch}×({sa} + {sb})");
        return (sa, sb);
    }

    private static string NameOf(string op, bool first) => op.EndsWith("Backward", StringComparison.Ordinal)
        ? (first ? "da" : "db")
        : (first ? "a" : "b");

    private static int CheckExpand(string op, ArrayView<float> v, string vName, ArrayView<float> y, string yName, int height, int width)
    {
        OpChecks.Positive(op, nameof(height), height);
        OpChecks.Positive(op, nameof(width), width);
        if (v.IsEmpty || v.Length == 0)
            throw new ArgumentException($"{op}: {vName} (N, K) is empty.", vName);
        OpChecks.Length(op, yName, y, (long)v.Length * height * width, $"{vName} ({v.Length} = N·K) × {height}×{width}");
        return height * width;
    }

    /// <summary>
    /// Between row <paramref name="row"/> of image (N, C, H, W) and line (N, C, 1, W): <paramref name="toImage"/> false
    /// copies the row into line, true copies line into the row; <paramref name="accumulate"/> adds instead (backward).
    /// </summary>
    public static void CopyRow(AcceleratorStream stream, ArrayView<float> image, ArrayView<float> line, int height, int width, int row, bool toImage, bool accumulate)
    {
        const string op = "CopyRow";
        if (height < 1 || width < 1) throw new ArgumentException($"{op}: the image must be at least 1×1, not {height}×{width}.");
        if ((uint)row >= (uint)height) throw new ArgumentOutOfRangeException(nameof(row), $"{op}: row {row} is outside the image's {height} rows.");
        if (line.Length % width != 0 || line.Length / width * (long)height * width != image.Length)
            throw new ArgumentException($"{op}: line '{OpChecks.Name(line)}' ({line.Length} elements) is not one row of width {width} of each plane of image '{OpChecks.Name(image)}' ({image.Length} elements, {height} rows).");
        stream.Launch(ShapeKernels.CopyRowKernel, line.Length, image, line, height, width, row, toImage ? 1 : 0, accumulate ? 1 : 0);
    }
}
