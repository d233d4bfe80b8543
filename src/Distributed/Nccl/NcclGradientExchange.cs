using System.Runtime.InteropServices;
using KernelGen.Distributed.Mpi;
using KernelGen.Graph;
using KernelGen.Kernels;
using KernelGen.Runtime.Cuda;

namespace KernelGen.Distributed.Nccl;

/// <summary>
/// Averages a graph's trainable gradients with <c>ncclAllReduce</c> on the accelerator's own stream: enqueued after
/// the backward pass and before the update like any launch, so the host never waits. One NCCL communicator per
/// process, bootstrapped by broadcasting rank 0's unique id over MPI.
/// </summary>
internal sealed unsafe class NcclGradientExchange : GradientExchange
{
    private readonly CudaAccelerator _accelerator;
    private readonly nint _comm;
    private readonly int _ranks;
    private readonly bool _hasAvg;
    private readonly Dictionary<CompiledGraph, GradientBucket[]> _groups = new();

    /// <summary>Whether NCCL can be loaded; otherwise <paramref name="reason"/> says why not.</summary>
    public static bool TryLoad(out string reason)
    {
        NativeLibraries.RegisterFor(typeof(NcclGradientExchange).Assembly);
        return NativeLibraries.TryLoad(NativeLibraries.Nccl, out reason);
    }

    private readonly ExchangeTimes _times;

    public NcclGradientExchange(MpiCommunicator mpi, CudaAccelerator accelerator, ExchangeTimes times)
    {
        _times = times;
        if (!TryLoad(out var reason)) throw new DataParallelException($"NCCL is not available: {reason}.");
        (_accelerator, _ranks) = (accelerator, mpi.Size);
        int version = 0;
        Check(NcclNative.ncclGetVersion(&version), "ncclGetVersion");
        (Version, _hasAvg) = ($"NCCL {version / 10000}.{version / 100 % 100}.{version % 100}", version >= NcclNative.AvgSince);
        var id = new NcclNative.UniqueId();
        if (mpi.Rank == 0) Check(NcclNative.ncclGetUniqueId(&id), "ncclGetUniqueId");
        mpi.Broadcast(new Span<byte>(id.Internal, 128), root: 0);
        accelerator.Context.MakeCurrent();
        nint comm = 0;
        Check(NcclNative.ncclCommInitRank(&comm, mpi.Size, id, mpi.Rank), "ncclCommInitRank");
        _comm = comm;
    }

    /// <summary>The NCCL loaded, e.g. <c>NCCL 2.21.5</c>.</summary>
    public string Version { get; }

    protected override void Begin(CompiledGraph graph) { }

    protected override void Ready(CompiledGraph graph, int step) { }

    protected override void Finish(CompiledGraph graph)
    {
        if (!_groups.TryGetValue(graph, out var groups)) _groups[graph] = groups = graph.GradientBuckets(int.MaxValue).ToArray();
        _times.CountExchange();
        var gradients = (MemoryBuffer<float>)graph.Store.Gradients.Buffer!;
        var data = (float*)gradients.NativeHandle;
        var stream = ((CudaStream)_accelerator.DefaultStream).OpenHandle;
        _accelerator.Context.MakeCurrent();
        Check(NcclNative.ncclGroupStart(), "ncclGroupStart");
        foreach (var g in groups)
        {
            _times.AddFloats(g.Length); // the time is the device's, not measured on the host
            Check(NcclNative.ncclAllReduce(data + g.Offset, data + g.Offset, (nuint)g.Length, NcclNative.Float32, _hasAvg ? NcclNative.Avg : NcclNative.Sum, _comm, stream), "ncclAllReduce");
        }
        Check(NcclNative.ncclGroupEnd(), "ncclGroupEnd");
        if (_hasAvg || _ranks == 1) return;
        foreach (var g in groups)
        {
            var view = gradients.View.SubView(g.Offset, g.Length);
            Elementwise.Scale(_accelerator.DefaultStream, 1f / _ranks, view, view);
        }
    }

    private static void Check(int result, string call)
    {
        if (result != NcclNative.Success)
            throw new DataParallelException($"{call} failed: {Marshal.PtrToStringUTF8((nint)NcclNative.ncclGetErrorString(result)) ?? $"error {result}"}.");
    }

    public override void Dispose()
    {
        if (_comm != 0) NcclNative.ncclCommDestroy(_comm);
    }
}
