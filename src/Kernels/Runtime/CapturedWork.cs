namespace KernelGen;

/// <summary>
/// Work enqueued once on a stream and replayable as a whole (<see cref="Accelerator.Capture"/>): a CUDA Graph on CUDA,
/// on OpenCL a list of launches whose kernels have their arguments set once, plus the fills and copies between them.
/// Replaying enqueues everything again with the same arguments, in the same order, without waiting.
/// </summary>
public abstract class CapturedWork : IDisposable
{
    private bool _disposed;

    /// <summary>Wraps work of <paramref name="accelerator"/> that holds these many launches, fills and device copies.</summary>
    protected CapturedWork(Accelerator accelerator, AcceleratorCounters work)
    {
        Accelerator = accelerator;
        Work = work;
    }

    /// <summary>The accelerator the work runs on.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>What one replay enqueues (launches, fills, device copies), counted by each replay.</summary>
    public AcceleratorCounters Work { get; }

    /// <summary>Enqueues the captured work on <paramref name="stream"/>; returns without waiting.</summary>
    public void Replay(AcceleratorStream stream)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (stream.Accelerator != Accelerator)
            throw new ArgumentException($"Captured work of {Accelerator.Device.Name} cannot replay on a stream of {stream.Accelerator.Device.Name}.", nameof(stream));
        Accelerator.CountReplay(Work);
        ReplayCore(stream);
    }

    /// <summary>The backend's replay.</summary>
    protected abstract void ReplayCore(AcceleratorStream stream);

    /// <summary>Releases the backend's objects (after the replays enqueued so far have run).</summary>
    protected abstract void Release();

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Release();
        GC.SuppressFinalize(this);
    }
}
