using static KernelGen.Runtime.OpenCL.ClNative;

namespace KernelGen.Runtime.OpenCL;

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
