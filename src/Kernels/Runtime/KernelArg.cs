namespace KernelGen;

/// <summary>
/// One argument of a kernel launch: a view or a scalar. Implicit conversions let a launch read
/// <c>stream.Launch(kernel, n, x, y, 0.2f)</c> without allocating.
/// </summary>
public readonly unsafe struct KernelArg
{
    private readonly void* _host;
    private readonly uint _bits;

    private KernelArg(MemoryBuffer? buffer, void* host, int offset, int length, ScalarType type, bool isView, uint bits)
    {
        Buffer = buffer;
        _host = host;
        Offset = offset;
        Length = length;
        Type = type;
        IsView = isView;
        _bits = bits;
    }

    /// <summary>The buffer of a view argument.</summary>
    public MemoryBuffer? Buffer { get; }

    /// <summary>Offset of a view, in elements.</summary>
    public int Offset { get; }

    /// <summary>Length of a view, in elements.</summary>
    public int Length { get; }

    /// <summary>Scalar type, or element type of a view.</summary>
    public ScalarType Type { get; }

    /// <summary>Whether this is a view.</summary>
    public bool IsView { get; }

    /// <summary>The raw 32 bits of a scalar argument.</summary>
    public uint Bits => _bits;

    /// <summary>The integer value of an int argument.</summary>
    public int Int => (int)_bits;

    /// <summary>The value of a uint argument.</summary>
    public uint UInt => _bits;

    /// <summary>The value of a float argument.</summary>
    public float Float => BitConverter.UInt32BitsToSingle(_bits);

    /// <summary>The view of a view argument (CPU launchers use this).</summary>
    public ArrayView<T> View<T>() where T : unmanaged => new(Buffer!, (T*)_host, Offset, Length);

    private static KernelArg FromView<T>(ArrayView<T> view) where T : unmanaged =>
        new(view.Buffer, view.HostPointer, view.Offset, view.Length, ScalarTypeExtensions.Of<T>(), true, 0);

    /// <summary>A float view argument.</summary>
    public static implicit operator KernelArg(ArrayView<float> view) => FromView(view);
    /// <summary>An int view argument.</summary>
    public static implicit operator KernelArg(ArrayView<int> view) => FromView(view);
    /// <summary>A uint view argument.</summary>
    public static implicit operator KernelArg(ArrayView<uint> view) => FromView(view);
    /// <summary>A whole float buffer as an argument.</summary>
    public static implicit operator KernelArg(MemoryBuffer<float> buffer) => FromView(buffer.View);
    /// <summary>A whole int buffer as an argument.</summary>
    public static implicit operator KernelArg(MemoryBuffer<int> buffer) => FromView(buffer.View);
    /// <summary>A whole uint buffer as an argument.</summary>
    public static implicit operator KernelArg(MemoryBuffer<uint> buffer) => FromView(buffer.View);
    /// <summary>An int scalar argument.</summary>
    public static implicit operator KernelArg(int value) => new(null, null, 0, 0, ScalarType.Int, false, (uint)value);
    /// <summary>A uint scalar argument.</summary>
    public static implicit operator KernelArg(uint value) => new(null, null, 0, 0, ScalarType.UInt, false, value);
    /// <summary>A float scalar argument.</summary>
    public static implicit operator KernelArg(float value) =>
        new(null, null, 0, 0, ScalarType.Float, false, BitConverter.SingleToUInt32Bits(value));

    /// <inheritdoc/>
    public override string ToString() => IsView
        ? $"ArrayView<{Type.CSharpName()}> of '{Buffer?.Name}' [{Offset}..{Offset + Length})"
        : Type switch { ScalarType.Float => $"float {Float}", ScalarType.Int => $"int {Int}", _ => $"uint {UInt}" };
}
