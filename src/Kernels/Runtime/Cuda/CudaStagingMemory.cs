namespace KernelGen.Runtime.Cuda;

/// <summary>
/// Page-locked staging memory (<c>cuMemHostAlloc</c>): <c>cuMemcpyHtoDAsync</c> from it returns at once (from
/// pageable memory the driver copies synchronously), and an event recorded after it marks when the host may write again.
/// </summary>
internal sealed unsafe class CudaStagingMemory : StagingMemory
{
    private const int NotReady = 600; // CUDA_ERROR_NOT_READY
    private const uint DisableTiming = 2; // CU_EVENT_DISABLE_TIMING
    private readonly CudaContext _context;
    private readonly IntPtr _event;
    private bool _pending;

    private CudaStagingMemory(CudaAccelerator accelerator, CudaContext context, void* pointer, IntPtr evt, long bytes)
        : base(accelerator, pointer, bytes)
    {
        _context = context;
        _event = evt;
    }

    public static CudaStagingMemory Allocate(CudaAccelerator accelerator, CudaContext context, long bytes)
    {
        context.MakeCurrent();
        void* pointer;
        CudaErrors.Check(CudaDriver.cuMemHostAlloc(&pointer, (nuint)Math.Max(1, bytes), 0), "cuMemHostAlloc");
        IntPtr evt;
        int result = CudaDriver.cuEventCreate(&evt, DisableTiming);
        if (result != 0)
        {
            CudaDriver.cuMemFreeHost(pointer);
            CudaErrors.Check(result, "cuEventCreate");
        }
        return new CudaStagingMemory(accelerator, context, pointer, evt, bytes);
    }

    protected internal override void Upload(AcceleratorStream stream, MemoryBuffer dst, long dstOffset, long bytes)
    {
        var handle = ((CudaAccelerator)Accelerator).StreamHandle(stream);
        CudaErrors.Check(CudaDriver.cuMemcpyHtoDAsync_v2(dst.NativeHandle + (nint)dstOffset, Pointer, (nuint)bytes, handle), "cuMemcpyHtoDAsync");
        CudaErrors.Check(CudaDriver.cuEventRecord(_event, handle), "cuEventRecord");
        _pending = true;
    }

    protected internal override bool WaitUntilRead()
    {
        if (!_pending) return false;
        _context.MakeCurrent();
        int state = CudaDriver.cuEventQuery(_event);
        bool waited = state == NotReady;
        if (waited) CudaErrors.Check(CudaDriver.cuEventSynchronize(_event), "cuEventSynchronize (staging upload)");
        else CudaErrors.Check(state, "cuEventQuery");
        _pending = false;
        return waited;
    }

    protected override void Free()
    {
        _context.MakeCurrent();
        CudaDriver.cuEventDestroy_v2(_event);
        CudaDriver.cuMemFreeHost(Pointer);
    }
}
