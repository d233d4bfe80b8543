using System.Runtime.InteropServices;

namespace KernelGen.ILGPU;

using global::ILGPU;
using global::ILGPU.Runtime;

/// <summary>
/// A KernelGen buffer's memory on an ILGPU accelerator: an ILGPU byte buffer, owned (disposed with the handle) or
/// borrowed from the user (left alone).
/// </summary>
internal sealed class IlgpuMemoryHandle : SafeHandle
{
    private readonly bool _owns;

    public IlgpuMemoryHandle(MemoryBuffer1D<byte, Stride1D.Dense> buffer, bool owns) : base(IntPtr.Zero, ownsHandle: true)
    {
        Buffer = buffer;
        _owns = owns;
        SetHandle(buffer.NativePtr == IntPtr.Zero ? (IntPtr)1 : buffer.NativePtr);
    }

    /// <summary>The ILGPU buffer.</summary>
    public MemoryBuffer1D<byte, Stride1D.Dense> Buffer { get; }

    /// <summary>Bytes [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="bytes"/>) as an ILGPU view.</summary>
    public ArrayView<byte> Bytes(long offset, long bytes) => Buffer.View.SubView(offset, bytes);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        if (_owns) Buffer.Dispose();
        return true;
    }
}
