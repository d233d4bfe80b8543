namespace KernelGen.ILGPU;

/// <summary>A KernelGen stream over an ILGPU stream: launches and copies go to it in order.</summary>
internal sealed class IlgpuStream : AcceleratorStream
{
    private readonly bool _owns;

    public IlgpuStream(IlgpuAccelerator accelerator, global::ILGPU.Runtime.AcceleratorStream stream, bool owns) : base(accelerator)
    {
        Native = stream;
        _owns = owns;
    }

    /// <summary>The ILGPU stream.</summary>
    public global::ILGPU.Runtime.AcceleratorStream Native { get; }

    protected override void SynchronizeCore()
    {
        ThrowIfDisposed();
        Native.Synchronize();
    }

    public override AcceleratorEvent RecordEvent()
    {
        ThrowIfDisposed();
        return new IlgpuEvent(Native.AddProfilingMarker());
    }

    protected override void DisposeCore()
    {
        Native.Synchronize();
        if (_owns) Native.Dispose();
    }
}
