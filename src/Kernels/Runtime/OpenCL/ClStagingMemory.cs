using static KernelGen.Runtime.OpenCL.ClNative;

namespace KernelGen.Runtime.OpenCL;

/// <summary>
/// Staging memory in a <c>CL_MEM_ALLOC_HOST_PTR</c> buffer (pinned by drivers that pin), mapped once for the host's
/// writes; uploads are non-blocking <c>clEnqueueWriteBuffer</c> calls whose event marks when the host may write again.
/// </summary>
internal sealed unsafe class ClStagingMemory : StagingMemory
{
    private readonly nint _buffer;
    private readonly nint _mapQueue;
    private nint _pending;

    private ClStagingMemory(OpenCLAccelerator accelerator, nint buffer, nint queue, void* mapped, long bytes)
        : base(accelerator, mapped, bytes)
    {
        _buffer = buffer;
        _mapQueue = queue;
    }

    public static ClStagingMemory Allocate(OpenCLAccelerator accelerator, nint context, nint queue, long bytes)
    {
        int err;
        nuint size = (nuint)Math.Max(1, bytes);
        var buffer = clCreateBuffer(context, CL_MEM_READ_WRITE | CL_MEM_ALLOC_HOST_PTR, size, null, &err);
        if (err != CL_SUCCESS) throw ClError.Fail(err, "clCreateBuffer", $"allocating {bytes:N0} bytes of staging memory for {accelerator.Device.Name}");
        var mapped = clEnqueueMapBuffer(queue, buffer, CL_TRUE, CL_MAP_WRITE, 0, size, 0, null, null, &err);
        if (err != CL_SUCCESS)
        {
            clReleaseMemObject(buffer);
            throw ClError.Fail(err, "clEnqueueMapBuffer", $"mapping {bytes:N0} bytes of staging memory for {accelerator.Device.Name}");
        }
        return new ClStagingMemory(accelerator, buffer, queue, mapped, bytes);
    }

    protected internal override void Upload(AcceleratorStream stream, MemoryBuffer dst, long dstOffset, long bytes)
    {
        var queue = ((OpenCLAccelerator)Accelerator).StreamOf(stream).Queue;
        nint evt;
        int err = clEnqueueWriteBuffer(queue, dst.NativeHandle, CL_FALSE, (nuint)dstOffset, (nuint)bytes, Pointer, 0, null, &evt);
        if (err != CL_SUCCESS) throw ClError.Fail(err, "clEnqueueWriteBuffer", $"copying {bytes:N0} bytes to buffer '{dst.Name}' on {Accelerator.Device.Name}");
        _pending = evt;
        clFlush(queue); // start the copy now rather than at the next blocking call
    }

    protected internal override bool WaitUntilRead()
    {
        if (_pending == 0) return false;
        var evt = _pending;
        int status;
        int err = clGetEventInfo(evt, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof(int), &status, null);
        bool waited = err != CL_SUCCESS || status != CL_COMPLETE;
        if (waited)
        {
            err = clWaitForEvents(1, &evt);
            if (err != CL_SUCCESS) throw ClError.Fail(err, "clWaitForEvents", $"waiting for an upload to {Accelerator.Device.Name}");
        }
        clReleaseEvent(evt);
        _pending = 0;
        return waited;
    }

    protected override void Free()
    {
        clEnqueueUnmapMemObject(_mapQueue, _buffer, Pointer, 0, null, null);
        clFinish(_mapQueue);
        clReleaseMemObject(_buffer);
    }
}
