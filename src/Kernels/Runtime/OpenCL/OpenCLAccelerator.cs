using System.Runtime.InteropServices;
using static KernelGen.Runtime.OpenCL.ClNative;

namespace KernelGen.Runtime.OpenCL;

/// <summary>
/// One OpenCL device opened for work: a context, a default in-order profiling queue, buffers as
/// <see cref="ClMemoryHandle"/>s, and one built program per kernel.
/// </summary>
internal sealed unsafe class OpenCLAccelerator : Accelerator
{
    private readonly OpenCLDevice _device;
    private readonly nint _context;
    private readonly OpenCLStream _defaultStream;
    private readonly List<OpenCLStream> _streams = [];
    private readonly List<OpenCLKernel> _kernels = [];

    public OpenCLAccelerator(OpenCLDevice device) : base(device)
    {
        _device = device;
        if (!NativeLibraries.TryLoad(NativeLibraries.OpenCL, out var reason))
            throw new AcceleratorException($"Cannot open {device.Name}: {reason}.");
        var properties = stackalloc nint[3] { CL_CONTEXT_PLATFORM, device.PlatformId, 0 };
        var id = device.DeviceId;
        int err;
        _context = clCreateContext(properties, 1, &id, 0, 0, &err);
        ClError.Check(err, "clCreateContext", $"opening {device.Name}");
        try
        {
            _defaultStream = NewStream();
        }
        catch
        {
            clReleaseContext(_context);
            throw;
        }
    }

    public override AcceleratorStream DefaultStream => _defaultStream;

    private string DeviceName => _device.Name;

    private OpenCLStream NewStream()
    {
        int err;
        var queue = clCreateCommandQueue(_context, _device.DeviceId, CL_QUEUE_PROFILING_ENABLE, &err);
        ClError.Check(err, "clCreateCommandQueue", $"creating a command queue on {DeviceName}");
        var stream = new OpenCLStream(this, queue);
        lock (_streams) _streams.Add(stream);
        return stream;
    }

    protected override AcceleratorStream CreateStreamCore() => NewStream();

    internal void OnStreamDisposed(OpenCLStream stream)
    {
        lock (_streams) _streams.Remove(stream);
    }

    protected override SafeHandle AllocateCore(long bytes)
    {
        if (bytes > _device.MaxAllocationBytes)
            throw new ArgumentOutOfRangeException(nameof(bytes),
                $"{bytes:N0} bytes exceed the largest single allocation of {DeviceName} ({_device.MaxAllocationBytes:N0} bytes, CL_DEVICE_MAX_MEM_ALLOC_SIZE).");
        int err;
        var memory = clCreateBuffer(_context, CL_MEM_READ_WRITE, (nuint)bytes, null, &err);
        if (err != CL_SUCCESS) throw ClError.Fail(err, "clCreateBuffer", $"allocating {bytes:N0} bytes on {DeviceName}");
        return new ClMemoryHandle(memory);
    }

    internal OpenCLStream StreamOf(AcceleratorStream stream) =>
        stream is OpenCLStream s && s.Accelerator == this ? s
        : throw new ArgumentException($"The stream belongs to {stream.Accelerator.Device.Name}, not to {DeviceName}.", nameof(stream));

    protected internal override StagingMemory AllocateStagingCore(long bytes) =>
        ClStagingMemory.Allocate(this, _context, StreamOf(DefaultStream).Queue, bytes);

    protected override void Write(AcceleratorStream stream, MemoryBuffer dst, long dstOffset, void* src, long bytes)
    {
        if (CaptureOf(stream) is not null)
            throw new InvalidOperationException($"A step captured on {DeviceName} cannot copy between host and device ('{dst.Name}'): captured work replays without the host.");
        // Blocking, so the caller may reuse its memory at once.
        int err = clEnqueueWriteBuffer(StreamOf(stream).Queue, dst.NativeHandle, CL_TRUE, (nuint)dstOffset, (nuint)bytes, src, 0, null, null);
        if (err != CL_SUCCESS) throw ClError.Fail(err, "clEnqueueWriteBuffer", $"copying {bytes:N0} bytes to buffer '{dst.Name}' on {DeviceName}");
    }

    protected override void Read(AcceleratorStream stream, MemoryBuffer src, long srcOffset, void* dst, long bytes)
    {
        if (CaptureOf(stream) is not null)
            throw new InvalidOperationException($"A step captured on {DeviceName} cannot copy between host and device ('{src.Name}'): captured work replays without the host.");
        int err = clEnqueueReadBuffer(StreamOf(stream).Queue, src.NativeHandle, CL_TRUE, (nuint)srcOffset, (nuint)bytes, dst, 0, null, null);
        if (err != CL_SUCCESS) throw ClError.Fail(err, "clEnqueueReadBuffer", $"copying {bytes:N0} bytes from buffer '{src.Name}' on {DeviceName} to the host");
    }

    private ClCapturedWork.Builder? _capture;

    public override bool CanCapture => true;

    protected internal override CapturedWork CaptureCore(AcceleratorStream stream, Action enqueue, Func<AcceleratorCounters> captured)
    {
        var builder = new ClCapturedWork.Builder(StreamOf(stream));
        if (Interlocked.CompareExchange(ref _capture, builder, null) is not null)
            throw new InvalidOperationException($"A capture on {DeviceName} is already under way.");
        try
        {
            enqueue();
            return builder.Build(this, captured());
        }
        catch
        {
            builder.Abandon();
            throw;
        }
        finally
        {
            _capture = null;
        }
    }

    /// <summary>The capture that takes <paramref name="stream"/>'s operations instead of its queue, if one is under way.</summary>
    private ClCapturedWork.Builder? CaptureOf(AcceleratorStream stream) => _capture is { } c && c.Stream == stream ? c : null;

    protected override void Copy(AcceleratorStream stream, MemoryBuffer src, long srcOffset, MemoryBuffer dst, long dstOffset, long bytes)
    {
        if (CaptureOf(stream) is { } capture)
        {
            capture.Copy(src.NativeHandle, srcOffset, dst.NativeHandle, dstOffset, bytes);
            return;
        }
        int err = clEnqueueCopyBuffer(StreamOf(stream).Queue, src.NativeHandle, dst.NativeHandle, (nuint)srcOffset, (nuint)dstOffset, (nuint)bytes, 0, null, null);
        if (err != CL_SUCCESS) throw ClError.Fail(err, "clEnqueueCopyBuffer", $"copying {bytes:N0} bytes from buffer '{src.Name}' to '{dst.Name}' on {DeviceName}");
    }

    protected override void Fill(AcceleratorStream stream, MemoryBuffer dst, long offset, long bytes, uint pattern)
    {
        if (CaptureOf(stream) is { } capture)
        {
            capture.Fill(dst.NativeHandle, offset, bytes, pattern);
            return;
        }
        int err = clEnqueueFillBuffer(StreamOf(stream).Queue, dst.NativeHandle, &pattern, sizeof(uint), (nuint)offset, (nuint)bytes, 0, null, null);
        if (err != CL_SUCCESS) throw ClError.Fail(err, "clEnqueueFillBuffer", $"filling {bytes:N0} bytes of buffer '{dst.Name}' on {DeviceName}");
    }

    protected override object CompileCore(KernelDefinition kernel)
    {
        ThrowIfDisposed();
        var compiled = OpenCLCompiler.Compile(_context, _device, kernel);
        lock (_kernels) _kernels.Add(compiled);
        return compiled;
    }

    protected internal override void LaunchCore(AcceleratorStream stream, KernelDefinition kernel, object compiled, in LaunchDims dims, ReadOnlySpan<KernelArg> args)
    {
        if (CaptureOf(stream) is { } capture) capture.Launch((OpenCLKernel)compiled, kernel, dims, args, DeviceName);
        else ((OpenCLKernel)compiled).Launch(StreamOf(stream).Queue, kernel, dims, args, DeviceName);
    }

    protected override void DisposeCore()
    {
        lock (_kernels)
        {
            foreach (var kernel in _kernels) kernel.Release();
            _kernels.Clear();
        }
        lock (_streams)
        {
            foreach (var stream in _streams) stream.Release(wait: true);
            _streams.Clear();
        }
        // Buffers still alive hold their own reference to the context; it goes when the last of them does.
        clReleaseContext(_context);
    }
}
