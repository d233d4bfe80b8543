using System.Runtime.InteropServices;

namespace KernelGen.Runtime.OpenCL;

/// <summary>
/// Owns one <c>cl_mem</c>. A buffer keeps its context alive (OpenCL reference-counts it), so releasing the
/// buffer after its accelerator was disposed is safe.
/// </summary>
internal sealed class ClMemoryHandle : SafeHandle
{
    public ClMemoryHandle(nint memory) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(memory);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle() => ClNative.clReleaseMemObject(handle) == ClNative.CL_SUCCESS;
}
