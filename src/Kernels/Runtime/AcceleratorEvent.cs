namespace KernelGen;

/// <summary>A point recorded in a stream, used to wait for work or to time it.</summary>
public abstract class AcceleratorEvent : IDisposable
{
    /// <summary>Blocks until the work recorded before the event is done.</summary>
    public abstract void Synchronize();

    /// <summary>Milliseconds between <paramref name="start"/> and this event (both on the same accelerator); waits for this event.</summary>
    public abstract float ElapsedMillisecondsSince(AcceleratorEvent start);

    /// <summary>Releases the event.</summary>
    public virtual void Dispose() => GC.SuppressFinalize(this);
}
