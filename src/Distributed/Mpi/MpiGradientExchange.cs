using KernelGen.Graph;
using KernelGen.Kernels;

namespace KernelGen.Distributed.Mpi;

/// <summary>How an MPI exchange reaches the gradients.</summary>
public enum MpiGradientPath
{
    /// <summary>The CPU backend: MPI reduces the gradient arena where it lies, bucket by bucket while the backward pass runs when overlapped.</summary>
    HostMemory,

    /// <summary>A device without a CUDA-aware MPI: the gradients are copied to host memory, reduced there and copied back (after the backward pass).</summary>
    HostStaged,

    /// <summary>CUDA with a CUDA-aware Open MPI: MPI reduces the device memory itself (after the backward pass).</summary>
    DevicePointers,
}

/// <summary>
/// Averages a graph's trainable gradients over the ranks with <c>MPI_Allreduce</c> (float sum, in place, then a
/// scale by 1/ranks). On the CPU backend with overlap, each bucket of
/// <see cref="CompiledGraph.GradientBuckets"/> goes to the <see cref="BucketWorker"/> as soon as its backward step
/// has run; otherwise each trainable group is one call after the backward pass.
/// </summary>
internal sealed unsafe class MpiGradientExchange : GradientExchange
{
    private readonly MpiCommunicator _comm;
    private readonly Accelerator _accelerator;
    private readonly int _bucketLength;
    private readonly BucketWorker? _worker;
    private readonly Dictionary<CompiledGraph, Plan> _plans = new();
    private float[] _staging = [];

    private sealed class Plan(GradientBucket[] buckets, GradientBucket[] groups)
    {
        public readonly GradientBucket[] Buckets = buckets, Groups = groups;
        public int Next;
    }

    public MpiGradientExchange(MpiCommunicator comm, Accelerator accelerator, bool overlap, int bucketBytes, ExchangeTimes times)
    {
        Times = times;
        (_comm, _accelerator, _bucketLength) = (comm, accelerator, Math.Max(1, bucketBytes / sizeof(float)));
        Path = accelerator.Device.Backend == Backend.Cpu ? MpiGradientPath.HostMemory
            : accelerator.Device.Backend == Backend.Cuda && MpiLibrary.CudaAware ? MpiGradientPath.DevicePointers
            : MpiGradientPath.HostStaged;
        Overlapped = overlap && Path == MpiGradientPath.HostMemory && comm.Size > 1 && comm.ThreadsSerialized;
        if (Overlapped) _worker = new BucketWorker(comm, 4096, times);
    }

    /// <summary>What the exchanges cost so far.</summary>
    public ExchangeTimes Times { get; }

    /// <summary>Where the reduction happens.</summary>
    public MpiGradientPath Path { get; }

    /// <summary>Whether buckets are reduced while the backward pass runs.</summary>
    public bool Overlapped { get; }

    /// <summary>Elements per bucket when overlapped.</summary>
    public int BucketLength => _bucketLength;

    protected override void Begin(CompiledGraph graph)
    {
        var plan = PlanOf(graph);
        plan.Next = 0;
        if (_worker is not null) SubmitReady(graph, plan, -1);
    }

    protected override void Ready(CompiledGraph graph, int step)
    {
        if (_worker is not null) SubmitReady(graph, PlanOf(graph), step);
    }

    protected override void Finish(CompiledGraph graph)
    {
        var plan = PlanOf(graph);
        if (_comm.Size == 1) return;
        Times.CountExchange();
        long waitStart = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            Reduce(graph, plan);
        }
        finally
        {
            Times.AddWait(waitStart);
        }
    }

    private void Reduce(CompiledGraph graph, Plan plan)
    {
        if (_worker is not null)
        {
            SubmitReady(graph, plan, int.MaxValue);
            _worker.WaitAll();
            return;
        }
        var gradients = (MemoryBuffer<float>)graph.Store.Gradients.Buffer!;
        var stream = _accelerator.DefaultStream;
        switch (Path)
        {
            case MpiGradientPath.HostMemory:
                foreach (var g in plan.Groups) AllReduceMean((float*)gradients.NativeHandle + g.Offset, g.Length);
                break;
            case MpiGradientPath.DevicePointers:
                stream.Synchronize();
                foreach (var g in plan.Groups)
                {
                    long start = System.Diagnostics.Stopwatch.GetTimestamp();
                    _comm.AllReduceSum((float*)gradients.NativeHandle + g.Offset, g.Length);
                    Times.AddReduce(start, g.Length);
                    var view = gradients.View.SubView(g.Offset, g.Length);
                    Elementwise.Scale(stream, 1f / _comm.Size, view, view);
                }
                break;
            default:
                foreach (var g in plan.Groups)
                {
                    var host = _staging.AsSpan(0, g.Length);
                    gradients.CopyToHost(host, g.Offset, stream); // waits for the backward pass
                    fixed (float* p = host) AllReduceMean(p, g.Length);
                    gradients.CopyFromHost(host, g.Offset, stream);
                }
                break;
        }
    }

    private void AllReduceMean(float* data, int count)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        _comm.AllReduceMean(data, count);
        Times.AddReduce(start, count);
    }

    private void SubmitReady(CompiledGraph graph, Plan plan, int step)
    {
        var data = (float*)((MemoryBuffer<float>)graph.Store.Gradients.Buffer!).NativeHandle;
        while (plan.Next < plan.Buckets.Length && plan.Buckets[plan.Next].ReadyAfter <= step)
        {
            var b = plan.Buckets[plan.Next++];
            _worker!.Submit(data + b.Offset, b.Length);
        }
    }

    private Plan PlanOf(CompiledGraph graph)
    {
        if (_plans.TryGetValue(graph, out var plan)) return plan;
        var groups = graph.GradientBuckets(int.MaxValue).OrderBy(b => b.Offset).ToArray();
        plan = new Plan(graph.GradientBuckets(_bucketLength).ToArray(), groups);
        if (Path == MpiGradientPath.HostStaged && groups.Length > 0)
            _staging = new float[Math.Max(_staging.Length, groups.Max(g => g.Length))];
        _plans[graph] = plan;
        return plan;
    }

    public override void Dispose() => _worker?.Dispose();
}
