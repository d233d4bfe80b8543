using System.Runtime.InteropServices;

namespace KernelGen.Runtime.Cpu;

/// <summary>
/// Runs kernels as .NET code. Buffers are 64-byte-aligned native memory, so kernels index them directly;
/// launches run on the calling thread (split across the CPU pool), so the stream is always in order.
/// </summary>
internal sealed unsafe class CpuAccelerator : Accelerator
{
    private readonly CpuStream _stream;

    public CpuAccelerator(CpuDevice device) : base(device) => _stream = new CpuStream(this);

    public override AcceleratorStream DefaultStream => _stream;

    internal override bool IsHostMemory => true;

    protected override SafeHandle AllocateCore(long bytes) => new CpuMemoryHandle(bytes);

    protected override void Write(AcceleratorStream stream, MemoryBuffer dst, long dstOffset, void* src, long bytes) =>
        Buffer.MemoryCopy(src, (byte*)dst.NativeHandle + dstOffset, bytes, bytes);

    protected override void Read(AcceleratorStream stream, MemoryBuffer src, long srcOffset, void* dst, long bytes) =>
        Buffer.MemoryCopy((byte*)src.NativeHandle + srcOffset, dst, bytes, bytes);

    protected override void Copy(AcceleratorStream stream, MemoryBuffer src, long srcOffset, MemoryBuffer dst, long dstOffset, long bytes) =>
        Buffer.MemoryCopy((byte*)src.NativeHandle + srcOffset, (byte*)dst.NativeHandle + dstOffset, bytes, bytes);

    protected override void Fill(AcceleratorStream stream, MemoryBuffer dst, long offset, long bytes, uint pattern) =>
        new Span<uint>((byte*)dst.NativeHandle + offset, checked((int)(bytes / 4))).Fill(pattern);

    protected override object CompileCore(KernelDefinition kernel) => kernel.Cpu;

    protected internal override void LaunchCore(AcceleratorStream stream, KernelDefinition kernel, object compiled, in LaunchDims dims, ReadOnlySpan<KernelArg> args) =>
        ((CpuKernelLauncher)compiled)(new CpuLaunch(dims), args);

    protected override AcceleratorStream CreateStreamCore() => new CpuStream(this);

    protected override void DisposeCore() { }

    private sealed class CpuStream(Accelerator accelerator) : AcceleratorStream(accelerator)
    {
        protected override void SynchronizeCore() => ThrowIfDisposed();

        public override AcceleratorEvent RecordEvent()
        {
            ThrowIfDisposed();
            return new CpuEvent();
        }

        protected override void DisposeCore() { }
    }
}
