namespace KernelGen.Runtime.Cuda;

/// <summary>
/// A step captured into a CUDA Graph (<c>cuStreamBeginCapture</c> … <c>cuStreamEndCapture</c>, instantiated once) and
/// replayed with one <c>cuGraphLaunch</c>.
/// </summary>
internal sealed unsafe class CudaCapturedWork : CapturedWork
{
    private IntPtr _graph, _exec;

    private CudaCapturedWork(CudaAccelerator accelerator, AcceleratorCounters work, IntPtr graph, IntPtr exec) : base(accelerator, work) =>
        (_graph, _exec) = (graph, exec);

    /// <summary>Captures what <paramref name="enqueue"/> puts on <paramref name="stream"/> (nothing runs) and instantiates it.</summary>
    public static CudaCapturedWork Capture(CudaAccelerator accelerator, AcceleratorStream stream, Action enqueue, Func<AcceleratorCounters> captured)
    {
        var handle = accelerator.StreamHandle(stream);
        if (handle == IntPtr.Zero)
            throw new InvalidOperationException($"Capture on {accelerator.Device.Name} needs a stream of its own; the legacy default stream cannot be captured.");
        CudaErrors.Check(CudaDriver.cuStreamBeginCapture_v2(handle, CudaDriver.CaptureModeThreadLocal), "cuStreamBeginCapture");
        IntPtr graph = IntPtr.Zero, exec = IntPtr.Zero;
        try
        {
            enqueue();
        }
        catch
        {
            CudaDriver.cuStreamEndCapture(handle, &graph);
            if (graph != IntPtr.Zero) CudaDriver.cuGraphDestroy(graph);
            throw;
        }
        CudaErrors.Check(CudaDriver.cuStreamEndCapture(accelerator.StreamHandle(stream), &graph), "cuStreamEndCapture");
        int result = CudaDriver.cuGraphInstantiateWithFlags(&exec, graph, 0);
        if (result != CudaErrors.Success)
        {
            CudaDriver.cuGraphDestroy(graph);
            throw CudaErrors.Error(result, $"cuGraphInstantiateWithFlags of a captured step on {accelerator.Device.Name}");
        }
        return new CudaCapturedWork(accelerator, captured(), graph, exec);
    }

    protected override void ReplayCore(AcceleratorStream stream) =>
        CudaErrors.Check(CudaDriver.cuGraphLaunch(_exec, ((CudaAccelerator)Accelerator).StreamHandle(stream)), "cuGraphLaunch");

    protected override void Release()
    {
        if (Accelerator.IsDisposed) return; // the context, and with it the graph, is gone
        ((CudaAccelerator)Accelerator).Context.MakeCurrent();
        Accelerator.DefaultStream.Synchronize();
        if (_exec != IntPtr.Zero) CudaDriver.cuGraphExecDestroy(_exec);
        if (_graph != IntPtr.Zero) CudaDriver.cuGraphDestroy(_graph);
        _exec = _graph = IntPtr.Zero;
    }
}
