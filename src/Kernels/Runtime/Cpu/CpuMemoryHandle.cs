using System.Runtime.InteropServices;

namespace KernelGen.Runtime.Cpu;

/// <summary>64-byte-aligned, zeroed native memory.</summary>
internal sealed unsafe class CpuMemoryHandle : SafeHandle
{
    public CpuMemoryHandle(long bytes) : base(IntPtr.Zero, ownsHandle: true)
    {
        var p = NativeMemory.AlignedAlloc((nuint)bytes, 64);
        NativeMemory.Clear(p, (nuint)bytes);
        SetHandle((IntPtr)p);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMemory.AlignedFree((void*)handle);
        return true;
    }
}
