namespace KernelGen;

/// <summary>
/// Host memory from which uploads run without blocking the host: page-locked where the backend has it
/// (<c>cuMemHostAlloc</c>, OpenCL's <c>CL_MEM_ALLOC_HOST_PTR</c>), with a marker for the last upload from it, so the
/// host rewrites it only once the device has read it. Backends without asynchronous uploads (the CPU, ILGPU) have
/// none: <see cref="HostStaging{T}"/> then writes straight from the caller's memory.
/// </summary>
public abstract unsafe class StagingMemory : IDisposable
{
    /// <summary>Wraps <paramref name="bytes"/> bytes at <paramref name="pointer"/>.</summary>
    protected StagingMemory(Accelerator accelerator, void* pointer, long bytes)
    {
        Accelerator = accelerator;
        Pointer = pointer;
        Bytes = bytes;
    }

    /// <summary>The accelerator the uploads go to.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>The host memory.</summary>
    public void* Pointer { get; private set; }

    /// <summary>Its size in bytes.</summary>
    public long Bytes { get; }

    /// <summary>Enqueues the copy of the first <paramref name="bytes"/> bytes to <paramref name="dst"/> at <paramref name="dstOffset"/>; returns without waiting for it.</summary>
    protected internal abstract void Upload(AcceleratorStream stream, MemoryBuffer dst, long dstOffset, long bytes);

    /// <summary>Returns once the last upload has read the memory; true when that meant waiting for the device.</summary>
    protected internal abstract bool WaitUntilRead();

    /// <summary>Frees the memory (after the last upload has read it).</summary>
    public void Dispose()
    {
        if (Pointer == null) return;
        WaitUntilRead();
        Free();
        Pointer = null;
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the backend's memory and markers.</summary>
    protected abstract void Free();
}
