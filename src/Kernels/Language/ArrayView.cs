using System.Runtime.CompilerServices;

namespace KernelGen;

/// <summary>
/// A typed window (offset, length) onto a <see cref="MemoryBuffer{T}"/>. It is the buffer parameter type of
/// kernels: on the CPU it indexes memory directly (bounds-checked); on a GPU it becomes a pointer.
/// </summary>
/// <typeparam name="T"><see cref="float"/>, <see cref="int"/> or <see cref="uint"/>.</typeparam>
public readonly unsafe struct ArrayView<T> where T : unmanaged
{
    private readonly T* _host;

    internal ArrayView(MemoryBuffer buffer, T* host, int offset, int length)
    {
        Buffer = buffer;
        _host = host;
        Offset = offset;
        Length = length;
    }

    /// <summary>The buffer this view looks into (null for the default view).</summary>
    public MemoryBuffer? Buffer { get; }

    /// <summary>Offset of the first element within the buffer, in elements.</summary>
    public int Offset { get; }

    /// <summary>Number of elements.</summary>
    public int Length { get; }

    /// <summary>Number of elements as an <see cref="int"/>: the same as <see cref="Length"/>, under ILGPU's name.</summary>
    /// <remarks>ILGPU's <c>ArrayView&lt;T&gt;.Length</c> is a <see cref="long"/>; kernel code that must compile under both reads <c>IntLength</c>.</remarks>
    public int IntLength => Length;

    /// <summary>Whether the view has no buffer.</summary>
    public bool IsEmpty => Buffer is null;

    /// <summary>Element <paramref name="index"/>; only CPU memory can be indexed on the host.</summary>
    public ref T this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if ((uint)index >= (uint)Length || _host == null) ThrowBadIndex(index);
            return ref _host[index];
        }
    }

    /// <summary>A sub-window of this view.</summary>
    public ArrayView<T> SubView(int offset, int length)
    {
        if (Buffer is null) throw new InvalidOperationException("SubView of an empty ArrayView.");
        if (offset < 0 || length < 0 || (long)offset + length > Length)
            throw new ArgumentOutOfRangeException(nameof(offset),
                $"SubView({offset}, {length}) does not fit in view '{Buffer.Name}' of length {Length}.");
        return new ArrayView<T>(Buffer, _host == null ? null : _host + offset, Offset + offset, length);
    }

    /// <summary>The elements as a span; only for views of CPU memory.</summary>
    public Span<T> AsSpan()
    {
        if (_host == null) throw new InvalidOperationException(
            $"View of '{Buffer?.Name}' lives in device memory and cannot be read as a host span; copy it to the host first.");
        Buffer!.ThrowIfDisposed();
        return new Span<T>(_host, Length);
    }

    /// <summary>Pointer to the first element of a CPU view (null for device memory).</summary>
    internal T* HostPointer => _host;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowBadIndex(int index)
    {
        if (_host == null)
            throw new InvalidOperationException($"View of '{Buffer?.Name}' lives in device memory and cannot be indexed on the host.");
        throw new IndexOutOfRangeException($"Index {index} is outside view of '{Buffer?.Name}' with length {Length}.");
    }
}
