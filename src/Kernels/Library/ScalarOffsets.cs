namespace KernelGen.Kernels;

/// <summary>
/// Where up to four scalars lie in one buffer (element offsets), passed to
/// <see cref="ElementwiseKernels.AccumulateScalars"/> as one struct argument.
/// </summary>
public readonly struct ScalarOffsets
{
    /// <summary>The most scalars one launch gathers.</summary>
    public const int Capacity = 4;

    /// <summary>How many of the offsets are used.</summary>
    public int Count { get; init; }
    /// <summary>Offset of scalar 0.</summary>
    public int At0 { get; init; }
    /// <summary>Offset of scalar 1.</summary>
    public int At1 { get; init; }
    /// <summary>Offset of scalar 2.</summary>
    public int At2 { get; init; }
    /// <summary>Offset of scalar 3.</summary>
    public int At3 { get; init; }

    /// <summary>Offset of scalar <paramref name="i"/> (host side; kernels read the fields).</summary>
    public int this[int i] => i switch { 0 => At0, 1 => At1, 2 => At2, 3 => At3, _ => throw new ArgumentOutOfRangeException(nameof(i)) };

    /// <summary>The offsets, at most <see cref="Capacity"/>.</summary>
    public static ScalarOffsets Of(ReadOnlySpan<int> offsets) => offsets.Length > Capacity
        ? throw new ArgumentException($"{offsets.Length} offsets; at most {Capacity}.", nameof(offsets))
        : new() { Count = offsets.Length, At0 = At(offsets, 0), At1 = At(offsets, 1), At2 = At(offsets, 2), At3 = At(offsets, 3) };

    private static int At(ReadOnlySpan<int> offsets, int i) => i < offsets.Length ? offsets[i] : 0;
}
