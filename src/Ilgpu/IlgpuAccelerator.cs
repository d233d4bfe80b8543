using System.Runtime.InteropServices;

namespace KernelGen.ILGPU;

using global::ILGPU;
using global::ILGPU.Runtime;

/// <summary>
/// KernelGen's accelerator over an ILGPU accelerator: buffers are ILGPU buffers, copies and launches go to ILGPU
/// streams, and kernels are ILGPU's compilation of their C# (<see cref="IlgpuKernelMethods"/>). Grouped kernels run
/// as written, with barriers and shared memory, on every ILGPU accelerator, the CPU one included.
/// </summary>
internal sealed unsafe class IlgpuAccelerator : KernelGen.Accelerator
{
    private readonly Context? _ownedContext;
    private readonly IlgpuStream _defaultStream;
    private readonly Lazy<Action<global::ILGPU.Runtime.AcceleratorStream, Index1D, ArrayView<uint>, uint>> _fill;

    /// <summary>Wraps <paramref name="native"/>; when <paramref name="ownedContext"/> is given, the accelerator and that context are disposed with this.</summary>
    public IlgpuAccelerator(IlgpuDevice device, global::ILGPU.Runtime.Accelerator native, Context? ownedContext) : base(device)
    {
        Native = native;
        _ownedContext = ownedContext;
        _defaultStream = new IlgpuStream(this, native.DefaultStream, owns: false);
        _fill = new(() => Native.LoadAutoGroupedKernel<Index1D, ArrayView<uint>, uint>(IlgpuRuntimeKernels.FillPattern));
    }

    /// <summary>The ILGPU accelerator.</summary>
    public global::ILGPU.Runtime.Accelerator Native { get; }

    public override KernelGen.AcceleratorStream DefaultStream => _defaultStream;

    protected internal override int DefaultGroupSize1D => Math.Min(256, Native.MaxNumThreadsPerGroup);

    /// <summary>Adopts a KernelGen stream over an ILGPU stream of this accelerator (not disposed with it).</summary>
    public IlgpuStream Adopt(global::ILGPU.Runtime.AcceleratorStream stream) => new(this, stream, owns: false);

    protected override SafeHandle AllocateCore(long bytes) => IlgpuMemoryHandle.Owning(Native.Allocate1D<byte>(bytes));

    protected override void Write(KernelGen.AcceleratorStream stream, KernelGen.MemoryBuffer dst, long dstOffset, void* src, long bytes) =>
        Handle(dst).Bytes(dstOffset, bytes).CopyFromCPU(On(stream), ref *(byte*)src, bytes);

    protected override void Read(KernelGen.AcceleratorStream stream, KernelGen.MemoryBuffer src, long srcOffset, void* dst, long bytes) =>
        Handle(src).Bytes(srcOffset, bytes).CopyToCPU(On(stream), ref *(byte*)dst, bytes);

    protected override void Copy(KernelGen.AcceleratorStream stream, KernelGen.MemoryBuffer src, long srcOffset, KernelGen.MemoryBuffer dst, long dstOffset, long bytes) =>
        Handle(src).Bytes(srcOffset, bytes).CopyTo(On(stream), Handle(dst).Bytes(dstOffset, bytes));

    protected override void Fill(KernelGen.AcceleratorStream stream, KernelGen.MemoryBuffer dst, long offset, long bytes, uint pattern)
    {
        var view = Handle(dst).Bytes(offset, bytes);
        if (pattern == 0) view.MemSetToZero(On(stream));
        else _fill.Value(On(stream), new Index1D(checked((int)(bytes / 4))), view.Cast<uint>(), pattern);
    }

    protected override object CompileCore(KernelDefinition kernel) => IlgpuCompiledKernel.Load(Native, kernel);

    protected internal override void LaunchCore(KernelGen.AcceleratorStream stream, KernelDefinition kernel, object compiled, in LaunchDims dims, ReadOnlySpan<KernelArg> args) =>
        ((IlgpuCompiledKernel)compiled).Launch(On(stream), dims, args);

    protected override KernelGen.AcceleratorStream CreateStreamCore() => new IlgpuStream(this, Native.CreateStream(), owns: true);

    protected override void DisposeCore()
    {
        if (_ownedContext is null) return;
        Native.Dispose();
        _ownedContext.Dispose();
    }

    internal static IlgpuMemoryHandle Handle(KernelGen.MemoryBuffer buffer) => (IlgpuMemoryHandle)buffer.Handle;

    private static global::ILGPU.Runtime.AcceleratorStream On(KernelGen.AcceleratorStream stream) => ((IlgpuStream)stream).Native;
}
