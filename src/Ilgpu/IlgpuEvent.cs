namespace KernelGen.ILGPU;

using global::ILGPU.Runtime;

/// <summary>An event on an ILGPU stream: ILGPU's profiling marker (the context is created with profiling on).</summary>
internal sealed class IlgpuEvent(ProfilingMarker marker) : AcceleratorEvent
{
    public ProfilingMarker Marker { get; } = marker;

    public override void Synchronize() => Marker.Synchronize();

    public override float ElapsedMillisecondsSince(AcceleratorEvent start) =>
        start is IlgpuEvent s ? (float)Marker.MeasureFrom(s.Marker).TotalMilliseconds
        : throw new ArgumentException("Both events must come from the same ILGPU accelerator.", nameof(start));

    public override void Dispose()
    {
        Marker.Dispose();
        base.Dispose();
    }
}
