namespace KernelGen.Runtime.Cuda;

/// <summary>A non-blocking <c>CUstream</c> of a <see cref="CudaAccelerator"/>, or a stream another library owns.</summary>
internal sealed unsafe class CudaStream : AcceleratorStream
{
    private readonly CudaAccelerator _accelerator;
    private readonly bool _owns = true;

    /// <summary>Borrows <paramref name="stream"/>, a CUstream of the accelerator's context that its owner keeps and destroys.</summary>
    public CudaStream(CudaAccelerator accelerator, IntPtr stream) : base(accelerator)
    {
        _accelerator = accelerator;
        Handle = stream;
        _owns = false;
    }

    public CudaStream(CudaAccelerator accelerator) : base(accelerator)
    {
        _accelerator = accelerator;
        accelerator.Context.MakeCurrent();
        IntPtr stream;
        CudaErrors.Check(CudaDriver.cuStreamCreate(&stream, CudaDriver.StreamNonBlocking), "cuStreamCreate");
        Handle = stream;
    }

    /// <summary>The CUstream.</summary>
    public IntPtr Handle { get; }

    /// <summary>The CUstream, after checking that neither the stream nor its accelerator is disposed.</summary>
    public IntPtr OpenHandle
    {
        get
        {
            ThrowIfDisposed();
            return Handle;
        }
    }

    protected override void SynchronizeCore()
    {
        ThrowIfDisposed();
        _accelerator.Context.MakeCurrent();
        CudaErrors.Check(CudaDriver.cuStreamSynchronize(Handle), "cuStreamSynchronize");
    }

    /// <inheritdoc/>
    public override AcceleratorEvent RecordEvent()
    {
        ThrowIfDisposed();
        _accelerator.Context.MakeCurrent();
        return new CudaEvent(_accelerator, Handle);
    }

    /// <summary>Whether the stream is KernelGen's (destroyed with it) rather than borrowed.</summary>
    public bool IsOwned => _owns;

    /// <summary>Waits for the stream's work, then destroys it if it is KernelGen's.</summary>
    protected override void DisposeCore()
    {
        try
        {
            _accelerator.Context.MakeCurrent();
            CudaDriver.cuStreamSynchronize(Handle);
        }
        finally
        {
            if (_owns) CudaDriver.cuStreamDestroy_v2(Handle);
        }
    }
}
