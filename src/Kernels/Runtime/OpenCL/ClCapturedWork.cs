using static KernelGen.Runtime.OpenCL.ClNative;

namespace KernelGen.Runtime.OpenCL;

/// <summary>
/// A captured step on OpenCL: every launch has a kernel object of its own whose arguments were set once at capture,
/// so a replay only enqueues (<c>clEnqueueNDRangeKernel</c>, fills and copies), in the captured order.
/// </summary>
internal sealed unsafe class ClCapturedWork : CapturedWork
{
    private readonly Item[] _items;
    private readonly OpenCLStream _capturedOn;
    private readonly string _deviceName;

    private ClCapturedWork(Accelerator accelerator, AcceleratorCounters work, Item[] items, OpenCLStream capturedOn) : base(accelerator, work)
    {
        _items = items;
        _capturedOn = capturedOn;
        _deviceName = accelerator.Device.Name;
    }

    /// <summary>One enqueued operation of the step.</summary>
    internal readonly record struct Item(ItemKind Kind, KernelDefinition? Kernel, nint Handle, LaunchDims Dims, nint Src, long SrcOffset, nint Dst, long DstOffset, long Bytes, uint Pattern);

    internal enum ItemKind { Launch, Fill, Copy }

    /// <summary>What a capture collects as it is enqueued (the accelerator routes its stream's operations here).</summary>
    internal sealed class Builder(OpenCLStream stream)
    {
        private readonly List<Item> _items = new();

        public OpenCLStream Stream { get; } = stream;

        public void Launch(OpenCLKernel compiled, KernelDefinition kernel, in LaunchDims dims, ReadOnlySpan<KernelArg> args, string deviceName) =>
            _items.Add(new Item(ItemKind.Launch, kernel, compiled.Bind(kernel, dims, args, deviceName), dims, 0, 0, 0, 0, 0, 0));

        public void Fill(nint dst, long offset, long bytes, uint pattern) =>
            _items.Add(new Item(ItemKind.Fill, null, 0, default, 0, 0, dst, offset, bytes, pattern));

        public void Copy(nint src, long srcOffset, nint dst, long dstOffset, long bytes) =>
            _items.Add(new Item(ItemKind.Copy, null, 0, default, src, srcOffset, dst, dstOffset, bytes, 0));

        public ClCapturedWork Build(Accelerator accelerator, AcceleratorCounters work) => new(accelerator, work, [.. _items], Stream);

        /// <summary>Releases the kernel objects bound so far (a capture that failed).</summary>
        public void Abandon()
        {
            foreach (var item in _items)
                if (item.Kind == ItemKind.Launch) clReleaseKernel(item.Handle);
            _items.Clear();
        }
    }

    protected override void ReplayCore(AcceleratorStream stream)
    {
        var queue = ((OpenCLAccelerator)Accelerator).StreamOf(stream).Queue;
        foreach (ref readonly var item in _items.AsSpan())
        {
            int err;
            switch (item.Kind)
            {
                case ItemKind.Launch:
                    OpenCLKernel.Enqueue(queue, item.Handle, item.Kernel!, item.Dims, _deviceName);
                    break;
                case ItemKind.Fill:
                    uint pattern = item.Pattern;
                    err = clEnqueueFillBuffer(queue, item.Dst, &pattern, sizeof(uint), (nuint)item.DstOffset, (nuint)item.Bytes, 0, null, null);
                    if (err != CL_SUCCESS) throw ClError.Fail(err, "clEnqueueFillBuffer", $"replaying a fill of {item.Bytes:N0} bytes on {_deviceName}");
                    break;
                default:
                    err = clEnqueueCopyBuffer(queue, item.Src, item.Dst, (nuint)item.SrcOffset, (nuint)item.DstOffset, (nuint)item.Bytes, 0, null, null);
                    if (err != CL_SUCCESS) throw ClError.Fail(err, "clEnqueueCopyBuffer", $"replaying a copy of {item.Bytes:N0} bytes on {_deviceName}");
                    break;
            }
        }
    }

    protected override void Release()
    {
        if (Accelerator.IsDisposed) return; // its context, and with it every kernel object, is gone
        try { _capturedOn.Synchronize(); }
        catch (ObjectDisposedException) { } // the stream is gone, and with it the work on it
        foreach (var item in _items)
            if (item.Kind == ItemKind.Launch) clReleaseKernel(item.Handle);
    }
}
