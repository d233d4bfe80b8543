namespace KernelGen.Runtime.Cuda;

/// <summary>
/// The retained primary context of one device, or a context another library owns (<see cref="CudaDevice.Attach"/>),
/// shared by an accelerator and everything it created. Buffers and finalizers free memory through
/// <see cref="TryRunPushed"/>, which does nothing once the context is released (releasing the primary context frees
/// all of its memory; a borrowed one may be destroyed by its owner after that).
/// </summary>
internal sealed unsafe class CudaContext
{
    private readonly object _gate = new();
    private readonly bool _borrowed;
    private bool _released;

    /// <summary>Borrows <paramref name="context"/>, a CUcontext of <paramref name="device"/> that its owner keeps and destroys.</summary>
    public CudaContext(CudaDevice device, IntPtr context)
    {
        Device = device;
        Handle = context;
        _borrowed = true;
    }

    public CudaContext(CudaDevice device)
    {
        Device = device;
        IntPtr context;
        CudaErrors.Check(CudaDriver.cuDevicePrimaryCtxRetain(&context, device.Handle), $"cuDevicePrimaryCtxRetain({device.Name})");
        Handle = context;
    }

    public CudaDevice Device { get; }

    /// <summary>The CUcontext.</summary>
    public IntPtr Handle { get; }

    /// <summary>Makes the context current on the calling thread (a cheap driver call).</summary>
    public void MakeCurrent() => CudaErrors.Check(CudaDriver.cuCtxSetCurrent(Handle), "cuCtxSetCurrent");

    /// <summary>
    /// Runs <paramref name="action"/>(<paramref name="argument"/>) with the context pushed on the calling thread (any thread, the finalizer
    /// included) unless the context was released; returns whether it ran. Errors are swallowed: this is for
    /// releasing resources, which must not throw.
    /// </summary>
    public bool TryRunPushed(delegate*<IntPtr, int> action, IntPtr argument)
    {
        lock (_gate)
        {
            if (_released) return false;
            if (CudaDriver.cuCtxPushCurrent_v2(Handle) != CudaErrors.Success) return false;
            try { action(argument); }
            finally
            {
                IntPtr popped;
                CudaDriver.cuCtxPopCurrent_v2(&popped);
            }
            return true;
        }
    }

    /// <summary>Whether <see cref="Release"/> has run.</summary>
    public bool IsReleased
    {
        get { lock (_gate) return _released; }
    }

    /// <summary>Releases the primary context once; later frees are skipped.</summary>
    public void Release()
    {
        lock (_gate)
        {
            if (_released) return;
            _released = true;
            if (!_borrowed) CudaDriver.cuDevicePrimaryCtxRelease_v2(Device.Handle);
        }
    }
}
