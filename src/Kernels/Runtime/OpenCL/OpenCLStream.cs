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

    protected override void SynchronizeCore()
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
