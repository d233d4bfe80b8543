namespace KernelGen.Runtime.Cuda;

/// <summary>A non-blocking <c>CUstream</c> of a <see cref="CudaAccelerator"/>.</summary>
internal sealed unsafe class CudaStream : AcceleratorStream
{
    private readonly CudaAccelerator _accelerator;

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

    /// <inheritdoc/>
    public override void Synchronize()
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

    /// <summary>Waits for the stream's work, then destroys it.</summary>
    protected override void DisposeCore()
    {
        try
        {
            _accelerator.Context.MakeCurrent();
            CudaDriver.cuStreamSynchronize(Handle);
        }
        finally
        {
            CudaDriver.cuStreamDestroy_v2(Handle);
        }
    }
}
