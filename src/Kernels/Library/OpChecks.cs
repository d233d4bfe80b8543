namespace KernelGen.Kernels;

/// <summary>
/// Argument checks shared by the host-side ops: each throws <see cref="ArgumentException"/> naming the op, the
/// argument (and its buffer) and the sizes, before anything is launched.
/// </summary>
internal static class OpChecks
{
    /// <summary>Throws unless <paramref name="value"/> &gt; 0.</summary>
    public static void Positive(string op, string name, int value)
    {
        if (value <= 0) throw new ArgumentException($"{op}: {name} is {value}; it must be positive.", name);
    }

    /// <summary>Throws unless <paramref name="value"/> &gt;= 0.</summary>
    public static void NonNegative(string op, string name, int value)
    {
        if (value < 0) throw new ArgumentException($"{op}: {name} is {value}; it must not be negative.", name);
    }

    /// <summary>Throws unless the view holds exactly <paramref name="needed"/> elements (and at least one).</summary>
    public static void Length<T>(string op, string name, ArrayView<T> view, long needed, string shape) where T : unmanaged
    {
        if (needed <= 0)
            throw new ArgumentException($"{op}: {name} would be empty ({shape}).", name);
        if (needed > int.MaxValue)
            throw new ArgumentException($"{op}: {name} ({shape}) has {needed} elements, more than a view can index.", name);
        if (view.Length != needed)
            throw new ArgumentException(
                $"{op}: {name} ('{view.Buffer?.Name}', {view.Length} elements) does not match {shape}: needs {needed}.", name);
    }

    /// <summary>Throws unless <paramref name="b"/> has as many elements as <paramref name="a"/> (at least one).</summary>
    public static void SameLength<T, U>(string op, string nameA, ArrayView<T> a, string nameB, ArrayView<U> b)
        where T : unmanaged where U : unmanaged
    {
        if (a.Length == 0) throw new ArgumentException($"{op}: {nameA} ('{a.Buffer?.Name}') is empty.", nameA);
        if (a.Length != b.Length)
            throw new ArgumentException(
                $"{op}: {nameB} ('{b.Buffer?.Name}', {b.Length} elements) does not match {nameA} ('{a.Buffer?.Name}', {a.Length} elements).", nameB);
    }

    /// <summary>Throws unless <paramref name="value"/> is finite and positive.</summary>
    public static void PositiveFinite(string op, string name, float value)
    {
        if (!(value > 0f) || float.IsInfinity(value))
            throw new ArgumentException($"{op}: {name} is {value}; it must be positive and finite.", name);
    }
}
