using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KernelGen;

/// <summary>
/// One argument of a kernel launch: a view, a scalar or a struct. Implicit conversions let a launch read
/// <c>stream.Launch(kernel, n, x, y, 0.2f)</c> without allocating; a struct is passed as
/// <c>KernelArg.FromStruct(geometry)</c>, its bytes held inline.
/// </summary>
public readonly unsafe struct KernelArg
{
    /// <summary>The most bytes a struct argument holds (16 int, uint or float fields).</summary>
    public const int MaxStructSize = 64;

    private readonly void* _host;
    private readonly uint _bits;
    private readonly StructBytes _struct;

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

    /// <summary>The C# type of a struct argument, or null.</summary>
    public Type? StructType { get; }

    /// <summary>The size in bytes of a struct argument.</summary>
    public int StructSize { get; }

    /// <summary>Whether this is a struct argument.</summary>
    public bool IsStruct => StructType != null;

    /// <summary>A struct argument: <paramref name="value"/>'s bytes, passed by value to a struct parameter of the same type.</summary>
    public static KernelArg FromStruct<T>(in T value) where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        if (size > MaxStructSize)
            throw new ArgumentException($"Struct {typeof(T).Name} holds {size} bytes; a struct argument holds at most {MaxStructSize}.", nameof(value));
        var bytes = default(StructBytes);
        MemoryMarshal.Write(MemoryMarshal.AsBytes((Span<uint>)bytes), in value);
        return new KernelArg(bytes, typeof(T), size);
    }

    private KernelArg(in StructBytes bytes, Type type, int size)
    {
        _struct = bytes;
        StructType = type;
        StructSize = size;
    }

    /// <summary>The value of a struct argument (CPU launchers use this).</summary>
    public T AsStruct<T>() where T : unmanaged
    {
        if (StructType != typeof(T))
            throw new InvalidOperationException($"Argument {this} is not a struct {typeof(T).Name}.");
        var copy = _struct;
        return MemoryMarshal.Read<T>(MemoryMarshal.AsBytes((Span<uint>)copy));
    }

    /// <summary>Copies a struct argument's bytes to <paramref name="destination"/> (GPU launchers use this).</summary>
    public void CopyStructTo(Span<byte> destination)
    {
        var copy = _struct;
        MemoryMarshal.AsBytes((Span<uint>)copy)[..StructSize].CopyTo(destination);
    }

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
    public override string ToString() => IsStruct ? $"struct {StructType!.Name} ({StructSize} bytes)" : IsView
        ? $"ArrayView<{Type.CSharpName()}> of '{Buffer?.Name}' [{Offset}..{Offset + Length})"
        : Type switch { ScalarType.Float => $"float {Float}", ScalarType.Int => $"int {Int}", _ => $"uint {UInt}" };
}

/// <summary>Inline storage for a struct argument's bytes, so passing one allocates nothing.</summary>
[InlineArray(KernelArg.MaxStructSize / sizeof(uint))]
internal struct StructBytes
{
    private uint _element;
}
