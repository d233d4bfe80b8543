namespace KernelGen.Kernels;

/// <summary>
/// Where up to four scalars lie in one buffer (element offsets) and which element of the sums each is added to, passed
/// to <see cref="ElementwiseKernels.AccumulateScalars"/> as one struct argument.
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
    /// <summary>The element of the sums scalar 0 is added to.</summary>
    public int Into0 { get; init; }
    /// <summary>The element of the sums scalar 1 is added to.</summary>
    public int Into1 { get; init; }
    /// <summary>The element of the sums scalar 2 is added to.</summary>
    public int Into2 { get; init; }
    /// <summary>The element of the sums scalar 3 is added to.</summary>
    public int Into3 { get; init; }

    /// <summary>Offset of scalar <paramref name="i"/> (host side; kernels read the fields).</summary>
    public int this[int i] => i switch { 0 => At0, 1 => At1, 2 => At2, 3 => At3, _ => throw new ArgumentOutOfRangeException(nameof(i)) };

    /// <summary>The element of the sums scalar <paramref name="i"/> is added to (host side).</summary>
    public int Into(int i) => i switch { 0 => Into0, 1 => Into1, 2 => Into2, 3 => Into3, _ => throw new ArgumentOutOfRangeException(nameof(i)) };

    /// <summary>The offsets, at most <see cref="Capacity"/>, added to sums 0, 1, … in order.</summary>
    public static ScalarOffsets Of(ReadOnlySpan<int> offsets) => Of(offsets, [0, 1, 2, 3]);

    /// <summary>The offsets, at most <see cref="Capacity"/>, each added to the sum at the same position of <paramref name="into"/>.</summary>
    public static ScalarOffsets Of(ReadOnlySpan<int> offsets, ReadOnlySpan<int> into) => offsets.Length > Capacity || into.Length < offsets.Length
        ? throw new ArgumentException($"{offsets.Length} offsets and {into.Length} targets; at most {Capacity} offsets, each with a target.", nameof(offsets))
        : new()
        {
            Count = offsets.Length, At0 = At(offsets, 0), At1 = At(offsets, 1), At2 = At(offsets, 2), At3 = At(offsets, 3),
            Into0 = At(into, 0), Into1 = At(into, 1), Into2 = At(into, 2), Into3 = At(into, 3),
        };

    private static int At(ReadOnlySpan<int> values, int i) => i < values.Length ? values[i] : 0;
}
