using System.Runtime.InteropServices;

namespace KernelGen.Runtime.Cuda;

/// <summary>A <c>CUdeviceptr</c> from <c>cuMemAlloc</c>, freed with its context pushed (skipped once the context is released).</summary>
internal sealed unsafe class CudaMemoryHandle : SafeHandle
{
    private readonly CudaContext _context;

    public CudaMemoryHandle(CudaContext context, long bytes) : base(IntPtr.Zero, ownsHandle: true)
    {
        _context = context;
        IntPtr pointer;
        int result = CudaDriver.cuMemAlloc_v2(&pointer, (nuint)bytes);
        if (result != CudaErrors.Success)
            throw CudaErrors.Error(result, $"cuMemAlloc of {bytes:N0} bytes on {context.Device.Name}");
        SetHandle(pointer);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        _context.TryRunPushed(&Free, handle);
        return true;
    }

    private static int Free(IntPtr pointer) => CudaDriver.cuMemFree_v2(pointer);
}
