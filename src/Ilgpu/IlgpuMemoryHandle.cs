using System.Runtime.InteropServices;

namespace KernelGen.ILGPU;

using global::ILGPU;
using global::ILGPU.Runtime;

/// <summary>
/// A KernelGen buffer's memory on an ILGPU accelerator: the bytes of an ILGPU buffer KernelGen allocated (disposed with
/// the handle), or of a view of the user's (IlgpuInterop.Adopt, left alone).
/// </summary>
internal sealed class IlgpuMemoryHandle : SafeHandle
{
    private readonly MemoryBuffer? _owned;

    private IlgpuMemoryHandle(ArrayView<byte> bytes, MemoryBuffer? owned) : base(IntPtr.Zero, ownsHandle: true)
    {
        Whole = bytes;
        _owned = owned;
        SetHandle((IntPtr)1); // a valid handle; the memory is reached through Whole
    }

    /// <summary>A buffer KernelGen allocated, freed with the handle.</summary>
    public static IlgpuMemoryHandle Owning(MemoryBuffer1D<byte, Stride1D.Dense> buffer) => new(buffer.View, buffer);

    /// <summary>The user's memory, which the handle never frees.</summary>
    public static IlgpuMemoryHandle Borrowing(ArrayView<byte> bytes) => new(bytes, owned: null);

    /// <summary>Every byte of the buffer, as an ILGPU view.</summary>
    public ArrayView<byte> Whole { get; }

    /// <summary>Bytes [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="bytes"/>) as an ILGPU view.</summary>
    public ArrayView<byte> Bytes(long offset, long bytes) => Whole.SubView(offset, bytes);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        _owned?.Dispose();
        return true;
    }
}
