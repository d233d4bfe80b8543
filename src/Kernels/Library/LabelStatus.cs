namespace KernelGen.Kernels;

/// <summary>
/// Device-side label validation. Ops that read int class labels (<see cref="Loss.CrossEntropy"/>,
/// <see cref="Shapes.OneHot"/>) cannot check them on the host without a read, so their kernels write
/// <c>status[0] = 1 + row</c> for a label outside [0, classes) (any one bad row when several are bad) and never
/// clear it. Zero the status once (<see cref="Reset"/>), run any number of ops or captured steps, and call
/// <see cref="ThrowIfInvalid"/> where the host reads results anyway (e.g. when it reads the loss).
/// </summary>
public static class LabelStatus
{
    /// <summary>Sets status[0] = 0 on the stream.</summary>
    public static void Reset(AcceleratorStream stream, ArrayView<int> status)
    {
        OpChecks.Scalar("LabelStatus.Reset", nameof(status), status);
        stream.Launch(ShapeKernels.SetIntKernel, 1, status, 0);
    }

    /// <summary>
    /// Waits for the stream, reads status[0] and, if a kernel flagged a bad label, throws an
    /// <see cref="ArgumentException"/> naming <paramref name="op"/>, the row, the label and the class range.
    /// </summary>
    public static void ThrowIfInvalid(AcceleratorStream stream, ArrayView<int> status, ArrayView<int> labels, int classes, string op)
    {
        OpChecks.Scalar("LabelStatus.ThrowIfInvalid", nameof(status), status);
        int flag = Read(stream, status, 0);
        if (flag == 0) return;
        int row = flag - 1;
        string label = row < labels.Length ? Read(stream, labels, row).ToString() : "?";
        throw new ArgumentException(
            $"{op}: label {label} at row {row} of labels '{OpChecks.Name(labels)}' ({labels.Length} labels) is outside [0, {classes}).", nameof(labels));
    }

    private static int Read(AcceleratorStream stream, ArrayView<int> view, int index)
    {
        var buffer = (MemoryBuffer<int>)view.Buffer!;
        Span<int> one = stackalloc int[1];
        buffer.CopyToHost(one, view.Offset + index, stream);
        return one[0];
    }
}
