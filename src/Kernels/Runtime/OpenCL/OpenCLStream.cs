using static KernelGen.Runtime.OpenCL.ClNative;

namespace KernelGen.Runtime.OpenCL;

/// <summary>An in-order, profiling-enabled <c>cl_command_queue</c>.</summary>
internal sealed unsafe class OpenCLStream : AcceleratorStream
{
    private nint _queue;

    public OpenCLStream(OpenCLAccelerator accelerator, nint queue) : base(accelerator) => _queue = queue;

    private string DeviceName => Accelerator.Device.Name;

    /// <summary>The queue, after checking that the stream and its accelerator are alive.</summary>
    public nint Queue
    {
        get
        {
            ThrowIfDisposed();
            var queue = _queue;
            if (queue == 0) throw new ObjectDisposedException(nameof(AcceleratorStream), $"A stream of {DeviceName} has been released.");
            return queue;
        }
    }

    public override void Synchronize()
    {
        int err = clFinish(Queue);
        if (err != CL_SUCCESS) throw ClError.Fail(err, "clFinish", $"waiting for a stream of {DeviceName}");
    }

    public override AcceleratorEvent RecordEvent()
    {
        nint evt;
        int err = clEnqueueMarkerWithWaitList(Queue, 0, null, &evt);
        if (err != CL_SUCCESS) throw ClError.Fail(err, "clEnqueueMarkerWithWaitList", $"recording an event on {DeviceName}");
        return new OpenCLEvent((OpenCLAccelerator)Accelerator, new ClEventHandle(evt));
    }

    protected override void DisposeCore()
    {
        Release(wait: true);
        ((OpenCLAccelerator)Accelerator).OnStreamDisposed(this);
    }

    /// <summary>Waits for the queue (when asked) and releases it; safe to call more than once.</summary>
    public void Release(bool wait)
    {
        var queue = Interlocked.Exchange(ref _queue, 0);
        if (queue == 0) return;
        if (wait) clFinish(queue);
        clReleaseCommandQueue(queue);
    }
}

/// <summary>A marker event; times come from its CL_PROFILING_COMMAND_END.</summary>
internal sealed unsafe class OpenCLEvent(OpenCLAccelerator accelerator, ClEventHandle handle) : AcceleratorEvent
{
    public override void Synchronize()
    {
        var evt = Handle;
        int err = clWaitForEvents(1, &evt);
        if (err != CL_SUCCESS) throw ClError.Fail(err, "clWaitForEvents", $"waiting for an event on {accelerator.Device.Name}");
    }

    public override float ElapsedMillisecondsSince(AcceleratorEvent start)
    {
        if (start is not OpenCLEvent other || other.Owner != accelerator)
            throw new ArgumentException($"Both events must come from the same OpenCL accelerator ({accelerator.Device.Name}).", nameof(start));
        var events = stackalloc nint[2] { other.Handle, Handle };
        int err = clWaitForEvents(2, events);
        if (err != CL_SUCCESS) throw ClError.Fail(err, "clWaitForEvents", $"waiting for two events on {accelerator.Device.Name}");
        ulong begin = EndTime(events[0]), end = EndTime(events[1]);
        return (float)(((double)end - begin) / 1e6);
    }

    public override void Dispose()
    {
        handle.Dispose();
        base.Dispose();
    }

    private OpenCLAccelerator Owner => accelerator;

    private nint Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(handle.IsClosed, this);
            return handle.DangerousGetHandle();
        }
    }

    private ulong EndTime(nint evt)
    {
        ulong ns;
        int err = clGetEventProfilingInfo(evt, CL_PROFILING_COMMAND_END, sizeof(ulong), &ns, null);
        if (err != CL_SUCCESS) throw ClError.Fail(err, "clGetEventProfilingInfo", $"reading the end time of an event on {accelerator.Device.Name}");
        return ns;
    }
}
