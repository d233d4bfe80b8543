namespace KernelGen.Runtime.Cuda;

/// <summary>A <c>CUevent</c> recorded on a stream; timing is enabled.</summary>
internal sealed unsafe class CudaEvent : AcceleratorEvent
{
    private readonly CudaAccelerator _accelerator;
    private IntPtr _event;

    /// <summary>Creates the event and records it on <paramref name="stream"/> (the context is current).</summary>
    public CudaEvent(CudaAccelerator accelerator, IntPtr stream)
    {
        _accelerator = accelerator;
        IntPtr evt;
        CudaErrors.Check(CudaDriver.cuEventCreate(&evt, CudaDriver.EventDefault), "cuEventCreate");
        int result = CudaDriver.cuEventRecord(evt, stream);
        if (result != CudaErrors.Success)
        {
            CudaDriver.cuEventDestroy_v2(evt);
            throw CudaErrors.Error(result, "cuEventRecord");
        }
        _event = evt;
    }

    private IntPtr Handle
    {
        get
        {
            _accelerator.ThrowIfDisposed();
            if (_event == IntPtr.Zero) throw new ObjectDisposedException(nameof(CudaEvent), $"An event of {_accelerator.Device.Name} has been disposed.");
            _accelerator.Context.MakeCurrent();
            return _event;
        }
    }

    /// <inheritdoc/>
    public override void Synchronize() => CudaErrors.Check(CudaDriver.cuEventSynchronize(Handle), "cuEventSynchronize");

    /// <inheritdoc/>
    public override float ElapsedMillisecondsSince(AcceleratorEvent start)
    {
        if (start is not CudaEvent s || s._accelerator != _accelerator)
            throw new ArgumentException($"Both events must come from the same CUDA accelerator ({_accelerator.Device.Name}).", nameof(start));
        var end = Handle;
        var begin = s.Handle;
        CudaErrors.Check(CudaDriver.cuEventSynchronize(end), "cuEventSynchronize");
        float ms;
        CudaErrors.Check(CudaDriver.cuEventElapsedTime(&ms, begin, end), "cuEventElapsedTime");
        return ms;
    }

    /// <summary>Destroys the event (nothing to do once the accelerator is gone: its context took the event with it).</summary>
    public override void Dispose()
    {
        var evt = _event;
        _event = IntPtr.Zero;
        if (evt != IntPtr.Zero && !_accelerator.IsDisposed)
            _accelerator.Context.TryRunPushed(&Destroy, evt);
        base.Dispose();
    }

    private static int Destroy(IntPtr evt) => CudaDriver.cuEventDestroy_v2(evt);
}
