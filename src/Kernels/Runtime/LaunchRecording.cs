namespace KernelGen;

/// <summary>The launches recorded since <see cref="Accelerator.RecordLaunches"/>; disposing stops the recording.</summary>
public sealed class LaunchRecording : IDisposable
{
    private readonly List<LaunchRecord> _launches;
    private readonly Action _stop;

    internal LaunchRecording(List<LaunchRecord> launches, Action stop) => (_launches, _stop) = (launches, stop);

    /// <summary>A copy of the launches so far, in order.</summary>
    public IReadOnlyList<LaunchRecord> Launches
    {
        get { lock (_launches) return _launches.ToArray(); }
    }

    /// <summary>Forgets the launches so far (the recording goes on).</summary>
    public void Clear()
    {
        lock (_launches) _launches.Clear();
    }

    /// <summary>Stops recording.</summary>
    public void Dispose() => _stop();
}
