namespace KernelGen.Graph;

/// <summary>An immutable tensor shape, outermost dimension first (e.g. (N, C, H, W)).</summary>
public readonly struct Shape : IEquatable<Shape>
{
    private readonly int[] _dims;

    /// <summary>Creates a shape; every dimension must be positive.</summary>
    public Shape(params int[] dims)
    {
        if (dims.Length == 0) throw new ArgumentException("A shape needs at least one dimension.");
        foreach (var d in dims)
            if (d <= 0) throw new ArgumentException($"Shape ({string.Join(", ", dims)}) has a dimension that is not positive.");
        long count = 1;
        foreach (var d in dims)
        {
            count *= d; // each factor is below 2^31 and the product so far is at most int.MaxValue: no 64-bit overflow
            if (count > int.MaxValue)
                throw new SizeLimitException($"Shape ({string.Join(", ", dims)}) has {dims.Aggregate(1.0, (a, b) => a * b):N0} elements, " +
                    $"more than the {int.MaxValue:N0} a tensor can hold.");
        }
        _dims = (int[])dims.Clone();
    }

    /// <summary>Number of dimensions.</summary>
    public int Rank => _dims.Length;

    /// <summary>Dimension <paramref name="i"/>; negative counts from the end.</summary>
    public int this[int i] => _dims[i < 0 ? _dims.Length + i : i];

    /// <summary>Number of elements.</summary>
    public int Numel => _dims.Aggregate(1, (a, b) => a * b); // bounded by the constructor

    /// <summary>The dimensions as an array copy.</summary>
    public int[] ToArray() => (int[])_dims.Clone();

    /// <summary>Elements per leading index (Numel / this[0]).</summary>
    public int PerSample => Numel / _dims[0];

    /// <inheritdoc/>
    public bool Equals(Shape other) => _dims.AsSpan().SequenceEqual(other._dims);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Shape s && Equals(s);

    /// <inheritdoc/>
    public override int GetHashCode() => _dims.Aggregate(17, (h, d) => h * 31 + d);

    /// <summary>Equality.</summary>
    public static bool operator ==(Shape a, Shape b) => a.Equals(b);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Shape a, Shape b) => !a.Equals(b);

    /// <inheritdoc/>
    public override string ToString() => "(" + string.Join(", ", _dims) + ")";
}
