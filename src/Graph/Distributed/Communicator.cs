namespace KernelGen.Graph;

/// <summary>
/// The ranks of a data-parallel run as the host sees them: who this process is, and the few host-side collectives
/// training needs outside a step (averaging the loss sums, agreeing to stop, comparing configurations). Every rank
/// must make the same calls in the same order. Implemented over MPI by KernelGen.Distributed.
/// </summary>
public abstract class Communicator : IDisposable
{
    /// <summary>This process's rank, 0 to <see cref="Size"/> − 1.</summary>
    public abstract int Rank { get; }

    /// <summary>The number of ranks.</summary>
    public abstract int Size { get; }

    /// <summary>What carries the collectives, e.g. <c>Open MPI 4.1.4</c>.</summary>
    public abstract string Description { get; }

    /// <summary>Replaces <paramref name="values"/> on every rank by their element-wise sum over the ranks.</summary>
    public abstract void AllReduceSum(Span<float> values);

    /// <summary>Replaces <paramref name="values"/> on every rank by their element-wise maximum over the ranks.</summary>
    public abstract void AllReduceMax(Span<long> values);

    /// <summary>Gathers every rank's <paramref name="mine"/> (the same length on each) into <paramref name="all"/>, rank by rank.</summary>
    public abstract void AllGather(ReadOnlySpan<long> mine, Span<long> all);

    /// <summary>Leaves the run (the last call of a rank).</summary>
    public abstract void Dispose();
}
