using System.Runtime.InteropServices;

namespace KernelGen;

/// <summary>
/// Memory owned by one accelerator, released by <see cref="Dispose"/> (or, failing that, by its
/// <see cref="SafeHandle"/>'s finalizer). Contents of a new buffer are undefined until written or zeroed.
/// </summary>
public abstract class MemoryBuffer : IDisposable
{
    private protected MemoryBuffer(Accelerator accelerator, SafeHandle handle, int length, int elementSize, ScalarType type, string name, bool borrowed)
    {
        IsBorrowed = borrowed;
        Accelerator = accelerator;
        Handle = handle;
        Length = length;
        ElementSize = elementSize;
        ElementType = type;
        Name = name;
    }

    /// <summary>The accelerator that owns the memory.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>A name used in error messages.</summary>
    public string Name { get; }

    /// <summary>Number of elements.</summary>
    public int Length { get; }

    /// <summary>Size of one element in bytes.</summary>
    public int ElementSize { get; }

    /// <summary>Element type.</summary>
    public ScalarType ElementType { get; }

    /// <summary>Size in bytes.</summary>
    public long LengthInBytes => (long)Length * ElementSize;

    /// <summary>
    /// Whether the memory belongs to someone else (a buffer of another library adopted without a copy): it is not
    /// counted in <see cref="KernelGen.Accelerator.AllocatedBytes"/>, and disposing the buffer leaves the memory alone.
    /// </summary>
    public bool IsBorrowed { get; }

    /// <summary>Whether the buffer has been disposed.</summary>
    public bool IsDisposed => Handle.IsClosed;

    /// <summary>The backend's handle: a host pointer, a <c>cl_mem</c> or a <c>CUdeviceptr</c>.</summary>
    internal SafeHandle Handle { get; }

    /// <summary>The raw handle value, after checking that neither buffer nor accelerator is disposed.</summary>
    internal IntPtr NativeHandle
    {
        get
        {
            ThrowIfDisposed();
            return Handle.DangerousGetHandle();
        }
    }

    /// <summary>Throws <see cref="ObjectDisposedException"/> naming the buffer if it, or its accelerator, is gone.</summary>
    public void ThrowIfDisposed()
    {
        if (Handle.IsClosed)
            throw new ObjectDisposedException(Name, $"Buffer '{Name}' ({Length} x {ElementType.CSharpName()}) on {Accelerator.Device.Name} has been disposed.");
        Accelerator.ThrowIfDisposed();
    }

    /// <summary>Releases the memory.</summary>
    public void Dispose()
    {
        if (!Handle.IsClosed)
        {
            Handle.Dispose();
            if (!IsBorrowed) Accelerator.OnBufferReleased(LengthInBytes);
        }
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Length} x {ElementType.CSharpName()} on {Accelerator.Device.Name})";
}

/// <summary>A typed buffer on an accelerator.</summary>
/// <typeparam name="T"><see cref="float"/>, <see cref="int"/> or <see cref="uint"/>.</typeparam>
public sealed unsafe class MemoryBuffer<T> : MemoryBuffer where T : unmanaged
{
    internal MemoryBuffer(Accelerator accelerator, SafeHandle handle, int length, string name, bool borrowed = false)
        : base(accelerator, handle, length, sizeof(T), ScalarTypeExtensions.Of<T>(), name, borrowed)
    {
    }

    /// <summary>A view of the whole buffer.</summary>
    public ArrayView<T> View
    {
        get
        {
            ThrowIfDisposed();
            return new ArrayView<T>(this, Accelerator.IsHostMemory ? (T*)Handle.DangerousGetHandle() : null, 0, Length);
        }
    }

    /// <summary>The whole buffer as a view.</summary>
    public static implicit operator ArrayView<T>(MemoryBuffer<T> buffer) => buffer.View;

    /// <summary>Copies <paramref name="source"/> into the buffer starting at element <paramref name="offset"/>.</summary>
    public void CopyFromHost(ReadOnlySpan<T> source, int offset = 0, AcceleratorStream? stream = null)
    {
        CheckRange(nameof(CopyFromHost), offset, source.Length);
        fixed (T* src = source)
            Accelerator.WriteCore(stream ?? Accelerator.DefaultStream, this, (long)offset * sizeof(T), src, (long)source.Length * sizeof(T));
    }

    /// <summary>Copies elements starting at <paramref name="offset"/> into <paramref name="destination"/>; waits for the stream.</summary>
    public void CopyToHost(Span<T> destination, int offset = 0, AcceleratorStream? stream = null)
    {
        CheckRange(nameof(CopyToHost), offset, destination.Length);
        fixed (T* dst = destination)
            Accelerator.ReadCore(stream ?? Accelerator.DefaultStream, this, (long)offset * sizeof(T), dst, (long)destination.Length * sizeof(T));
    }

    /// <summary>Copies the whole buffer to a new array; waits for the stream.</summary>
    public T[] ToArray(AcceleratorStream? stream = null)
    {
        var result = new T[Length];
        CopyToHost(result, 0, stream);
        return result;
    }

    /// <summary>Copies <paramref name="source"/> (a view of a buffer on the same accelerator) to element <paramref name="offset"/>.</summary>
    public void CopyFrom(ArrayView<T> source, int offset = 0, AcceleratorStream? stream = null)
    {
        if (source.Buffer is null) throw new ArgumentException("CopyFrom: the source view is empty.", nameof(source));
        source.Buffer.ThrowIfDisposed();
        if (source.Buffer.Accelerator != Accelerator)
            throw new ArgumentException($"CopyFrom: source '{source.Buffer.Name}' lives on {source.Buffer.Accelerator.Device.Name}, not on {Accelerator.Device.Name}.", nameof(source));
        CheckRange(nameof(CopyFrom), offset, source.Length);
        Accelerator.CopyCore(stream ?? Accelerator.DefaultStream, source.Buffer, (long)source.Offset * sizeof(T), this, (long)offset * sizeof(T), (long)source.Length * sizeof(T));
    }

    /// <summary>Sets <paramref name="length"/> elements (default: all) from <paramref name="offset"/> to zero.</summary>
    public void Zero(int offset = 0, int length = -1, AcceleratorStream? stream = null)
    {
        if (length < 0) length = Length - offset;
        CheckRange(nameof(Zero), offset, length);
        Accelerator.FillCore(stream ?? Accelerator.DefaultStream, this, (long)offset * sizeof(T), (long)length * sizeof(T), 0);
    }

    /// <summary>Sets <paramref name="length"/> elements (default: all) from <paramref name="offset"/> to <paramref name="value"/>.</summary>
    public void Fill(T value, int offset = 0, int length = -1, AcceleratorStream? stream = null)
    {
        if (length < 0) length = Length - offset;
        CheckRange(nameof(Fill), offset, length);
        uint pattern = System.Runtime.CompilerServices.Unsafe.As<T, uint>(ref value);
        Accelerator.FillCore(stream ?? Accelerator.DefaultStream, this, (long)offset * sizeof(T), (long)length * sizeof(T), pattern);
    }

    private void CheckRange(string operation, int offset, int count)
    {
        ThrowIfDisposed();
        if (offset < 0 || count < 0 || (long)offset + count > Length)
            throw new ArgumentOutOfRangeException(nameof(offset),
                $"{operation} of {count} elements at offset {offset} does not fit buffer '{Name}' of {Length} elements.");
    }
}
