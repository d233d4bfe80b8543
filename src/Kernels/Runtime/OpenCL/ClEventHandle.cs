using System.Runtime.InteropServices;

namespace KernelGen.Runtime.OpenCL;

/// <summary>Owns one <c>cl_event</c>.</summary>
internal sealed class ClEventHandle : SafeHandle
{
    public ClEventHandle(nint evt) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(evt);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle() => ClNative.clReleaseEvent(handle) == ClNative.CL_SUCCESS;
}
