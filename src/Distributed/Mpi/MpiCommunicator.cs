using System.Numerics.Tensors;
using KernelGen.Graph;

namespace KernelGen.Distributed.Mpi;

/// <summary>
/// <c>MPI_COMM_WORLD</c> of Open MPI as a <see cref="Communicator"/>. MPI is initialized for serialized threads, and
/// every call goes through one lock, so the gradient worker of an overlapped exchange and the host collectives of
/// the trainer never call MPI at once.
/// </summary>
public sealed unsafe class MpiCommunicator : Communicator
{
    private readonly object _gate = new();
    private bool _disposed;

    internal MpiCommunicator()
    {
        if (!MpiLibrary.TryLoad(out var reason)) throw new DataParallelException($"MPI is not available: {reason}.");
        int initialized = 0, provided = 0, rank = 0, size = 0;
        MpiLibrary.Check(MpiNative.MPI_Initialized(&initialized), "MPI_Initialized");
        if (initialized != 0) throw new DataParallelException("MPI is already initialized in this process; start one data-parallel run per process.");
        MpiLibrary.Check(MpiNative.MPI_Init_thread(null, null, MpiNative.ThreadSerialized, &provided), "MPI_Init_thread");
        MpiLibrary.Check(MpiNative.MPI_Comm_rank(MpiLibrary.CommWorld, &rank), "MPI_Comm_rank");
        MpiLibrary.Check(MpiNative.MPI_Comm_size(MpiLibrary.CommWorld, &size), "MPI_Comm_size");
        (Rank, Size, ThreadsSerialized) = (rank, size, provided >= MpiNative.ThreadSerialized);
        Description = MpiLibrary.Version();
    }

    /// <inheritdoc/>
    public override int Rank { get; }

    /// <inheritdoc/>
    public override int Size { get; }

    /// <inheritdoc/>
    public override string Description { get; }

    /// <summary>Whether MPI may be called from a thread other than the one that initialized it (one at a time).</summary>
    public bool ThreadsSerialized { get; }

    /// <inheritdoc/>
    public override void AllReduceSum(Span<float> values)
    {
        fixed (float* p = values) AllReduceSum(p, values.Length);
    }

    /// <summary>Sums <paramref name="count"/> floats at <paramref name="data"/> (host memory, or device memory where the MPI is CUDA-aware) over the ranks, in place.</summary>
    internal void AllReduceSum(float* data, int count)
    {
        if (count == 0 || Size == 1) return;
        lock (_gate) MpiLibrary.Check(MpiNative.MPI_Allreduce(MpiNative.InPlace, data, count, MpiLibrary.Float, MpiLibrary.Sum, MpiLibrary.CommWorld), "MPI_Allreduce");
    }

    /// <summary>The ranks' mean of host memory, in place: the sum, then one multiplication.</summary>
    internal void AllReduceMean(float* data, int count)
    {
        AllReduceSum(data, count);
        if (Size > 1) TensorPrimitives.Multiply(new ReadOnlySpan<float>(data, count), 1f / Size, new Span<float>(data, count));
    }

    /// <inheritdoc/>
    public override void AllReduceMax(Span<long> values)
    {
        if (values.Length == 0 || Size == 1) return;
        fixed (long* p = values)
            lock (_gate) MpiLibrary.Check(MpiNative.MPI_Allreduce(MpiNative.InPlace, p, values.Length, MpiLibrary.Int64, MpiLibrary.Max, MpiLibrary.CommWorld), "MPI_Allreduce");
    }

    /// <inheritdoc/>
    public override void AllGather(ReadOnlySpan<long> mine, Span<long> all)
    {
        if (all.Length != mine.Length * Size) throw new ArgumentException($"AllGather of {mine.Length} values from {Size} ranks needs room for {mine.Length * Size}, not {all.Length}.", nameof(all));
        fixed (long* send = mine)
        fixed (long* receive = all)
            lock (_gate) MpiLibrary.Check(MpiNative.MPI_Allgather(send, mine.Length, MpiLibrary.Int64, receive, mine.Length, MpiLibrary.Int64, MpiLibrary.CommWorld), "MPI_Allgather");
    }

    /// <summary>Sends rank <paramref name="root"/>'s bytes to every rank.</summary>
    internal void Broadcast(Span<byte> data, int root)
    {
        fixed (byte* p = data)
            lock (_gate) MpiLibrary.Check(MpiNative.MPI_Bcast(p, data.Length, MpiLibrary.Byte, root, MpiLibrary.CommWorld), "MPI_Bcast");
    }

    /// <summary>Finalizes MPI (once; a rank that failed should end its process instead, which mpirun turns into the job's end).</summary>
    public override void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            int finalized = 0;
            if (MpiNative.MPI_Finalized(&finalized) == MpiNative.Success && finalized == 0) MpiNative.MPI_Finalize();
        }
    }
}
