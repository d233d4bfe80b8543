namespace KernelGen.Distributed.Mpi;

/// <summary>
/// The thread that all-reduces gradient buckets in host memory while the backward pass goes on: the training thread
/// hands it each bucket as soon as the bucket's last backward step has run, and waits for them all only before the
/// update. Nothing is allocated per bucket (a fixed ring of pending buckets and two semaphores).
/// </summary>
internal sealed unsafe class BucketWorker : IDisposable
{
    private readonly MpiCommunicator _comm;
    private readonly (nint Data, int Count)[] _ring;
    private readonly SemaphoreSlim _pending = new(0), _done = new(0);
    private readonly Thread _thread;
    private int _head, _tail, _submitted;
    private volatile bool _stopping;
    private readonly ExchangeTimes _times;
    private Exception? _failure;

    public BucketWorker(MpiCommunicator comm, int capacity, ExchangeTimes times)
    {
        (_comm, _ring, _times) = (comm, new (nint, int)[Math.Max(1, capacity)], times);
        _thread = new Thread(Run) { IsBackground = true, Name = "kernelgen-allreduce" };
        _thread.Start();
    }

    /// <summary>Starts reducing <paramref name="count"/> floats at <paramref name="data"/> to their mean over the ranks.</summary>
    public void Submit(float* data, int count)
    {
        if (_submitted == _ring.Length) throw new InvalidOperationException($"More than {_ring.Length} gradient buckets in one step.");
        _ring[_tail] = ((nint)data, count);
        _tail = (_tail + 1) % _ring.Length;
        _submitted++;
        _pending.Release();
    }

    /// <summary>Waits until every bucket submitted since the last wait is reduced.</summary>
    public void WaitAll()
    {
        for (; _submitted > 0; _submitted--) _done.Wait();
        if (_failure is { } e) throw new DataParallelException($"The gradient all-reduce failed: {e.Message}");
    }

    private void Run()
    {
        while (true)
        {
            _pending.Wait();
            if (_stopping) return;
            var (data, count) = _ring[_head];
            _head = (_head + 1) % _ring.Length;
            try
            {
                long start = System.Diagnostics.Stopwatch.GetTimestamp();
                _comm.AllReduceMean((float*)data, count);
                _times.AddReduce(start, count);
            }
            catch (Exception e)
            {
                _failure ??= e;
            }
            _done.Release();
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _pending.Release();
        _thread.Join();
        _pending.Dispose();
        _done.Dispose();
    }
}
