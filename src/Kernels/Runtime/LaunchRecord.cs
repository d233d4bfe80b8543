namespace KernelGen;

/// <summary>
/// One launch as <see cref="Accelerator.RecordLaunches"/> saw it: the kernel, its grid, and each argument as text
/// (a view as <c>buffer[offset..+length]</c>, a scalar by value, a struct by its bytes), so two steps' sequences
/// compare with <c>==</c>.
/// </summary>
/// <param name="Kernel">The kernel's name.</param>
/// <param name="Dims">Extent, grid and group.</param>
/// <param name="Arguments">The arguments, in order.</param>
public sealed record LaunchRecord(string Kernel, LaunchDims Dims, string Arguments)
{
    internal static LaunchRecord Of(KernelDefinition kernel, in LaunchDims dims, ReadOnlySpan<KernelArg> args)
    {
        var text = new System.Text.StringBuilder();
        Span<byte> raw = stackalloc byte[KernelArg.MaxStructSize];
        foreach (ref readonly var a in args)
        {
            if (text.Length > 0) text.Append(", ");
            if (a.IsView) text.Append(a.Buffer?.Name).Append('[').Append(a.Offset).Append("..+").Append(a.Length).Append(']');
            else if (a.IsStruct)
            {
                var bytes = raw[..a.StructSize];
                a.CopyStructTo(bytes);
                text.Append(a.StructType!.Name).Append(':').Append(Convert.ToHexString(bytes));
            }
            else text.Append(a.Type switch { ScalarType.Float => a.Float.ToString("R"), ScalarType.Int => a.Int.ToString(), _ => a.UInt + "u" });
        }
        return new LaunchRecord(kernel.Name, dims, text.ToString());
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Kernel}({Arguments}) grid {Dims.GridDim.X}x{Dims.GridDim.Y}";
}
