using System.Runtime.InteropServices;

namespace KernelGen;

/// <summary>
/// A pointer to memory another library owns (a <c>CUdeviceptr</c> of ILGPU's, say): releasing the handle frees
/// nothing, so the owner's buffer outlives KernelGen's view of it.
/// </summary>
internal sealed class BorrowedMemoryHandle : SafeHandle
{
    public BorrowedMemoryHandle(IntPtr pointer) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(pointer);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle() => true;
}
