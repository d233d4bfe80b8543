using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;

namespace KernelGen.Runtime.Cuda;

/// <summary>
/// A CUDA device opened on its primary context. Every entry makes the context current on the calling thread;
/// work goes to a non-blocking stream of its own. Launches never synchronize and allocate nothing managed.
/// </summary>
internal sealed unsafe class CudaAccelerator : Accelerator
{
    private const int MaxKernelParameters = 1024;

    private readonly CudaDevice _device;
    private readonly CudaStream _stream;
    private readonly ConcurrentBag<IntPtr> _modules = [];

    public CudaAccelerator(CudaDevice device) : base(device)
    {
        _device = device;
        Context = new CudaContext(device);
        try
        {
            _stream = new CudaStream(this);
        }
        catch
        {
            Context.Release();
            throw;
        }
    }

    /// <summary>
    /// KernelGen on <paramref name="context"/> and <paramref name="stream"/> (a CUcontext of <paramref name="device"/> and
    /// a CUstream of it, or 0 for the context's legacy default stream), which stay their owner's: launches and copies go
    /// to that stream in order with the owner's work, buffers live in that context, and disposing frees KernelGen's
    /// modules and buffers only.
    /// </summary>
    public CudaAccelerator(CudaDevice device, IntPtr context, IntPtr stream) : base(device)
    {
        _device = device;
        Context = new CudaContext(device, context);
        _stream = new CudaStream(this, stream);
    }

    /// <summary>The retained primary context, or the borrowed one.</summary>
    public CudaContext Context { get; }

    public override AcceleratorStream DefaultStream => _stream;

    protected override SafeHandle AllocateCore(long bytes)
    {
        Context.MakeCurrent();
        return new CudaMemoryHandle(Context, bytes);
    }

    protected internal override StagingMemory AllocateStagingCore(long bytes) => CudaStagingMemory.Allocate(this, Context, bytes);

    protected override void Write(AcceleratorStream stream, MemoryBuffer dst, long dstOffset, void* src, long bytes)
    {
        var s = StreamHandle(stream);
        CudaErrors.Check(CudaDriver.cuMemcpyHtoDAsync_v2(dst.NativeHandle + (nint)dstOffset, src, (nuint)bytes, s), "cuMemcpyHtoDAsync");
    }

    protected override void Read(AcceleratorStream stream, MemoryBuffer src, long srcOffset, void* dst, long bytes)
    {
        var s = StreamHandle(stream);
        CudaErrors.Check(CudaDriver.cuMemcpyDtoHAsync_v2(dst, src.NativeHandle + (nint)srcOffset, (nuint)bytes, s), "cuMemcpyDtoHAsync");
        CudaErrors.Check(CudaDriver.cuStreamSynchronize(s), "cuStreamSynchronize (after cuMemcpyDtoHAsync)");
    }

    protected override void Copy(AcceleratorStream stream, MemoryBuffer src, long srcOffset, MemoryBuffer dst, long dstOffset, long bytes)
    {
        var s = StreamHandle(stream);
        CudaErrors.Check(CudaDriver.cuMemcpyDtoDAsync_v2(dst.NativeHandle + (nint)dstOffset, src.NativeHandle + (nint)srcOffset, (nuint)bytes, s),
            "cuMemcpyDtoDAsync");
    }

    protected override void Fill(AcceleratorStream stream, MemoryBuffer dst, long offset, long bytes, uint pattern)
    {
        var s = StreamHandle(stream);
        CudaErrors.Check(CudaDriver.cuMemsetD32Async(dst.NativeHandle + (nint)offset, pattern, (nuint)(bytes / 4), s), "cuMemsetD32Async");
    }

    protected override object CompileCore(KernelDefinition kernel)
    {
        var image = CudaCompiler.Compile(kernel, _device);
        Context.MakeCurrent();
        IntPtr module;
        int result = Load(image, &module);
        if (result != CudaErrors.Success && image.FromCache)
        {
            // A stale or damaged cache file: drop it and build afresh.
            CudaKernelCache.TryDelete(image.CachePath);
            image = CudaCompiler.Compile(kernel, _device, readCache: false);
            result = Load(image, &module);
        }
        if (result != CudaErrors.Success)
            throw CudaErrors.Error(result, $"cuModuleLoadData of kernel '{kernel.Name}' ({image.Target}) on {_device.Name}");
        _modules.Add(module);

        IntPtr function;
        var name = Encoding.UTF8.GetBytes(kernel.EntryPoint + "\0");
        fixed (byte* p = name) result = CudaDriver.cuModuleGetFunction(&function, module, p);
        if (result != CudaErrors.Success)
            throw CudaErrors.Error(result, $"cuModuleGetFunction('{kernel.EntryPoint}') of kernel '{kernel.Name}'");
        return new CudaKernel(module, function, image.Target);
    }

    private static int Load(CudaImage image, IntPtr* module)
    {
        fixed (byte* p = image.Data) return CudaDriver.cuModuleLoadData(module, p);
    }

    protected internal override void LaunchCore(AcceleratorStream stream, KernelDefinition kernel, object compiled, in LaunchDims dims, ReadOnlySpan<KernelArg> args)
    {
        var function = ((CudaKernel)compiled).Function;
        var s = StreamHandle(stream);
        int extents = kernel.Shape switch { KernelShape.Index1D => 1, KernelShape.Index2D => 2, _ => 0 };
        int count = extents, slots = extents;
        foreach (ref readonly var arg in args)
        {
            count += arg.IsView ? 3 : 1;
            slots += arg.IsView ? 3 : arg.IsStruct ? (arg.StructSize + 7) / 8 : 1;
        }
        if (count > MaxKernelParameters)
            throw new ArgumentException($"Kernel '{kernel.Name}' has {count} CUDA parameters; at most {MaxKernelParameters} are supported.", nameof(args));

        // Each parameter lives in 8-byte slots (little-endian, so a 4-byte value sits at the slot's start); a struct
        // spans as many slots as its bytes need, and cuLaunchKernel copies its size from the pointer.
        ulong* values = stackalloc ulong[slots];
        void** pointers = stackalloc void*[count];
        int n = 0, p = 0;
        void Next(ulong value) { pointers[p++] = values + n; values[n++] = value; }
        if (extents >= 1) Next((uint)dims.Extent.X);
        if (extents == 2) Next((uint)dims.Extent.Y);
        foreach (ref readonly var arg in args)
        {
            if (arg.IsView)
            {
                Next((ulong)(nint)arg.Buffer!.NativeHandle);
                Next((uint)arg.Offset);
                Next((uint)arg.Length);
            }
            else if (arg.IsStruct)
            {
                pointers[p++] = values + n;
                arg.CopyStructTo(new Span<byte>(values + n, arg.StructSize));
                n += (arg.StructSize + 7) / 8;
            }
            else
            {
                Next(arg.Bits);
            }
        }

        int result = CudaDriver.cuLaunchKernel(function,
            (uint)dims.GridDim.X, (uint)dims.GridDim.Y, 1,
            (uint)dims.GroupDim.X, (uint)dims.GroupDim.Y, 1,
            0, s, pointers, null);
        if (result != CudaErrors.Success)
            throw CudaErrors.Error(result,
                $"cuLaunchKernel of kernel '{kernel.Name}' (grid {dims.GridDim.X}x{dims.GridDim.Y}, group {dims.GroupDim.X}x{dims.GroupDim.Y}) on {_device.Name}");
    }

    protected override AcceleratorStream CreateStreamCore() => new CudaStream(this);

    public override bool CanCapture => true;

    protected internal override CapturedWork CaptureCore(AcceleratorStream stream, Action enqueue, Func<AcceleratorCounters> captured) =>
        CudaCapturedWork.Capture(this, stream, enqueue, captured);

    protected override void DisposeCore()
    {
        Context.MakeCurrent();
        while (_modules.TryTake(out var module)) CudaDriver.cuModuleUnload(module);
        if (_stream.IsOwned) CudaDriver.cuStreamDestroy_v2(_stream.Handle);
        Context.Release();
    }

    /// <summary>The CUstream of <paramref name="stream"/> after checking it belongs here and is open; makes the context current.</summary>
    internal IntPtr StreamHandle(AcceleratorStream stream)
    {
        if (stream is not CudaStream cuda || stream.Accelerator != this)
            throw new ArgumentException($"The stream belongs to {stream.Accelerator.Device.Name} ({stream.Accelerator.Device.Backend}), not to this accelerator ({_device.Name}).", nameof(stream));
        var handle = cuda.OpenHandle;
        Context.MakeCurrent();
        return handle;
    }
}
