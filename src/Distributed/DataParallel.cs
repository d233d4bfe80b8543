using KernelGen.Distributed.Mpi;
using KernelGen.Distributed.Nccl;
using KernelGen.Graph;
using KernelGen.Runtime.Cuda;

namespace KernelGen.Distributed;

/// <summary>Which library carries the gradients.</summary>
public enum GradientTransport
{
    /// <summary>NCCL on CUDA when it is present, else MPI.</summary>
    Auto,

    /// <summary><c>MPI_Allreduce</c>.</summary>
    Mpi,

    /// <summary><c>ncclAllReduce</c> on the CUDA stream (CUDA only).</summary>
    Nccl,
}

/// <summary>How a data-parallel run reduces its gradients.</summary>
public sealed record DataParallelOptions
{
    /// <summary>Reduce gradient buckets while the backward pass runs (the CPU backend over MPI; elsewhere the reduction follows the backward pass).</summary>
    public bool Overlap { get; init; } = true;

    /// <summary>Bytes per bucket when overlapping (PyTorch's DDP uses 25 MiB for far larger models; ours are a few MiB).</summary>
    public int BucketBytes { get; init; } = 256 * 1024;

    /// <summary>The library that carries the gradients.</summary>
    public GradientTransport Transport { get; init; } = GradientTransport.Auto;
}

/// <summary>
/// One process's part in a data-parallel run started by <c>mpirun</c>: MPI initialized, the ranks' communicator
/// and the gradient exchange for the accelerator. Give both to <c>GenerativeModel</c>'s
/// <c>UseDataParallel</c> before building the model, train with a <c>Trainer</c> as usual, then call
/// <see cref="Finish"/> on every rank.
/// </summary>
public sealed class DataParallel : IDisposable
{
    private bool _finished;

    private DataParallel(MpiCommunicator comm, GradientExchange exchange, string transport, ExchangeTimes times) =>
        (Communicator, Exchange, Transport, Times) = (comm, exchange, transport, times);

    /// <summary>The ranks.</summary>
    public MpiCommunicator Communicator { get; }

    /// <summary>The gradient exchange for the accelerator given to <see cref="Start"/>.</summary>
    public GradientExchange Exchange { get; }

    /// <summary>What this rank's gradient exchange cost so far.</summary>
    public ExchangeTimes Times { get; }

    /// <summary>What carries the gradients, e.g. <c>Open MPI v4.1.4, host memory, overlapped in buckets of 256 KiB</c>.</summary>
    public string Transport { get; }

    /// <summary>The number of ranks mpirun (or another MPI launcher) started this process among, or null when no launcher started it.</summary>
    public static int? LaunchedRanks => LauncherVariable("OMPI_COMM_WORLD_SIZE", "PMIX_SIZE", "PMI_SIZE");

    /// <summary>This process's rank as its launcher set it (readable before MPI starts), or null when no launcher started it.</summary>
    public static int? LaunchedRank => LauncherVariable("OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK");

    /// <summary>This process's index among the ranks on its machine (0 when not known): which of the machine's GPUs it takes.</summary>
    public static int LocalRank => LauncherVariable("OMPI_COMM_WORLD_LOCAL_RANK", "MPI_LOCALRANKID", "SLURM_LOCALID") ?? 0;

    /// <summary>The first of the launchers' variables that is set, as an integer.</summary>
    private static int? LauncherVariable(params string[] names)
    {
        foreach (var name in names)
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value && int.TryParse(value, out var n)) return n;
        return null;
    }

    /// <summary>Whether MPI can be loaded here; otherwise <paramref name="reason"/> says why not.</summary>
    public static bool IsAvailable(out string reason) => MpiLibrary.TryLoad(out reason);

    /// <summary>Whether NCCL can be loaded here; otherwise <paramref name="reason"/> says why not.</summary>
    public static bool NcclAvailable(out string reason) => NcclGradientExchange.TryLoad(out reason);

    /// <summary>
    /// Initializes MPI and the exchange for <paramref name="accelerator"/>. Every rank must call it. A missing MPI or
    /// NCCL (when asked for) is a <see cref="DataParallelException"/> with the reason.
    /// </summary>
    public static DataParallel Start(Accelerator accelerator, DataParallelOptions? options = null)
    {
        options ??= new DataParallelOptions();
        if (!IsAvailable(out var reason)) throw new DataParallelException($"Data-parallel training needs MPI, which is not available: {reason}.");
        bool cuda = accelerator.Device.Backend == Backend.Cuda;
        if (options.Transport == GradientTransport.Nccl && !cuda)
            throw new DataParallelException($"NCCL reduces CUDA memory; {accelerator.Device.Id} is a {accelerator.Device.Backend} device (use MPI there).");
        var comm = new MpiCommunicator();
        try
        {
            bool nccl = cuda && (options.Transport == GradientTransport.Nccl || (options.Transport == GradientTransport.Auto && NcclAvailable(out _)));
            if (nccl)
            {
                var ncclTimes = new ExchangeTimes { Timed = false };
                var exchange = new NcclGradientExchange(comm, (CudaAccelerator)accelerator, ncclTimes);
                return new DataParallel(comm, exchange, $"{exchange.Version} on the CUDA stream (bootstrapped over {comm.Description})", ncclTimes);
            }
            var times = new ExchangeTimes();
            var mpi = new MpiGradientExchange(comm, accelerator, options.Overlap, options.BucketBytes, times);
            var path = mpi.Path switch
            {
                MpiGradientPath.HostMemory => "host memory",
                MpiGradientPath.DevicePointers => "device memory (CUDA-aware)",
                _ => "staged through host memory",
            };
            var overlap = mpi.Overlapped ? $", overlapped in buckets of {mpi.BucketLength * sizeof(float) / 1024} KiB" : ", after the backward pass";
            return new DataParallel(comm, mpi, $"{comm.Description}, {path}{overlap}", times);
        }
        catch
        {
            comm.Dispose();
            throw;
        }
    }

    /// <summary>Ends the run on this rank (every rank calls it after its last collective): MPI is finalized.</summary>
    public void Finish()
    {
        if (_finished) return;
        _finished = true;
        Exchange.Dispose();
        Communicator.Dispose();
    }

    /// <summary>
    /// Releases the exchange. Without <see cref="Finish"/> MPI is left as it is: a rank that fails alone must end its
    /// process (mpirun then ends the others) rather than wait in MPI_Finalize for ranks that wait for it.
    /// </summary>
    public void Dispose()
    {
        if (!_finished) Exchange.Dispose();
    }
}
