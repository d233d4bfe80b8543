namespace KernelGen;

/// <summary>
/// Double-buffered uploads into one device buffer: <see cref="Upload"/> copies the data into the staging memory not
/// used by the previous upload, and enqueues its copy to the device without waiting, so the host prepares the next
/// batch while the device still computes on this one. The host waits (and the wait is counted) only when it comes
/// back to a staging buffer whose upload the device has not yet done; that wait is back-pressure, counted apart from the
/// stream synchronizations (<see cref="AcceleratorCounters.StagingWaits"/>). On a backend whose writes finish before
/// they return (the CPU, ILGPU) there is no staging memory: the upload writes straight from the caller's span.
/// </summary>
public sealed unsafe class HostStaging<T> : IDisposable where T : unmanaged
{
    private readonly StagingMemory[]? _slots;
    private int _next;

    /// <summary>Two staging buffers of <paramref name="length"/> elements for uploads into <paramref name="target"/>.</summary>
    public HostStaging(MemoryBuffer<T> target, int length)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length > target.Length)
            throw new ArgumentOutOfRangeException(nameof(length), $"Staging of {length} elements exceeds buffer '{target.Name}' ({target.Length} elements).");
        Target = target;
        Length = length;
        long bytes = (long)length * sizeof(T);
        if (target.Accelerator.AllocateStagingCore(bytes) is not { } first) return;
        try
        {
            _slots = [first, target.Accelerator.AllocateStagingCore(bytes)!];
        }
        catch
        {
            first.Dispose();
            throw;
        }
    }

    /// <summary>The device buffer the uploads write.</summary>
    public MemoryBuffer<T> Target { get; }

    /// <summary>Elements per upload, at most.</summary>
    public int Length { get; }

    /// <summary>Copies <paramref name="data"/> to the start of <see cref="Target"/> on <paramref name="stream"/> without waiting for the copy.</summary>
    public void Upload(ReadOnlySpan<T> data, AcceleratorStream? stream = null)
    {
        if (data.Length > Length)
            throw new ArgumentException($"Upload of {data.Length} elements to '{Target.Name}' exceeds its staging of {Length}.", nameof(data));
        Target.ThrowIfDisposed();
        if (data.Length == 0) return;
        if (_slots is null)
        {
            Target.CopyFromHost(data, 0, stream);
            return;
        }
        var slot = _slots[_next];
        _next ^= 1;
        if (slot.WaitUntilRead()) Target.Accelerator.CountStagingWait();
        data.CopyTo(new Span<T>(slot.Pointer, data.Length));
        Target.Accelerator.CountUpload();
        slot.Upload(stream ?? Target.Accelerator.DefaultStream, Target, 0, (long)data.Length * sizeof(T));
    }

    /// <summary>Waits for the pending uploads and frees the staging memory.</summary>
    public void Dispose()
    {
        foreach (var slot in _slots ?? []) slot.Dispose();
    }
}
