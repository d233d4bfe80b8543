using System.Diagnostics;

namespace KernelGen.Distributed;

/// <summary>
/// What the gradient exchange of one rank cost so far: the exchanges (one per training step of each graph), the floats
/// they reduced, the time spent inside the all-reduce calls (on whichever thread made them) and the time the training
/// thread waited for them before its update (all of the all-reduce when not overlapped; what overlap did not hide
/// otherwise). NCCL runs on the device stream and is not timed here (<see cref="Timed"/> is false).
/// </summary>
public sealed class ExchangeTimes
{
    private long _exchanges, _floats, _reduceTicks, _waitTicks;

    /// <summary>Whether the reduce and wait times are measured (MPI; not NCCL).</summary>
    public bool Timed { get; init; } = true;

    /// <summary>Exchanges so far.</summary>
    public long Exchanges => Interlocked.Read(ref _exchanges);

    /// <summary>Floats all-reduced so far.</summary>
    public long Floats => Interlocked.Read(ref _floats);

    /// <summary>Seconds inside all-reduce calls.</summary>
    public double ReduceSeconds => Interlocked.Read(ref _reduceTicks) / (double)Stopwatch.Frequency;

    /// <summary>Seconds the training thread waited for the all-reduce before its updates.</summary>
    public double WaitSeconds => Interlocked.Read(ref _waitTicks) / (double)Stopwatch.Frequency;

    internal void CountExchange() => Interlocked.Increment(ref _exchanges);

    internal void AddReduce(long startTimestamp, int floats)
    {
        Interlocked.Add(ref _reduceTicks, Stopwatch.GetTimestamp() - startTimestamp);
        AddFloats(floats);
    }

    internal void AddFloats(int floats) => Interlocked.Add(ref _floats, floats);

    internal void AddWait(long startTimestamp) => Interlocked.Add(ref _waitTicks, Stopwatch.GetTimestamp() - startTimestamp);
}
