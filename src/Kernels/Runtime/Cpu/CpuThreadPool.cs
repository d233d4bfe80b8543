using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace KernelGen.Runtime.Cpu;

/// <summary>
/// A fixed pool of worker threads (one per core, the caller included) for CPU kernels. A parallel loop takes
/// its body as a struct and dispatches through a function pointer, so launching allocates nothing.
/// Work is claimed chunk by chunk with a compare-and-swap on (job id, next index): the caller works too and waits
/// only for chunks someone claimed, so a worker that is descheduled on a busy machine never stalls a launch, and a
/// worker that wakes late cannot run a chunk of a later job. Nested loops run inline on the calling thread.
/// </summary>
public sealed unsafe class CpuThreadPool
{
    private const int Closed = int.MaxValue;
    private readonly ManualResetEventSlim[] _wake;
    private readonly object _gate = new();
    private delegate*<void*, int, int, void> _function;
    private void* _body;
    private int _count, _chunk, _completed, _job;
    private long _claim; // job id in the high 32 bits, next start index in the low 32 bits
    private ExceptionDispatchInfo? _error;

    [ThreadStatic] private static bool t_insideLoop;

    /// <summary>The pool shared by all CPU accelerators, sized to the machine's cores.</summary>
    public static CpuThreadPool Shared { get; } = new(Environment.ProcessorCount);

    /// <summary>Creates a pool of <paramref name="threads"/> threads, the caller counted.</summary>
    public CpuThreadPool(int threads)
    {
        ThreadCount = Math.Max(1, threads);
        _wake = new ManualResetEventSlim[ThreadCount - 1];
        for (int i = 0; i < _wake.Length; i++)
        {
            _wake[i] = new ManualResetEventSlim(false, spinCount: 2000);
            int id = i;
            new Thread(() => WorkerLoop(id)) { IsBackground = true, Name = $"kernelgen-cpu-{i + 1}" }.Start();
        }
    }

    /// <summary>Threads that share a loop, the caller included.</summary>
    public int ThreadCount { get; }

    /// <summary>
    /// Runs <paramref name="body"/> over [0, <paramref name="count"/>) on all threads; ranges smaller than
    /// <paramref name="grain"/> items are not split.
    /// </summary>
    public void For<T>(int count, T body, int grain = 1) where T : struct, ICpuRangeBody
    {
        if (count <= 0) return;
        grain = Math.Max(1, grain);
        if (ThreadCount == 1 || count <= grain || t_insideLoop)
        {
            body.Run(0, count);
            return;
        }
        lock (_gate)
        {
            t_insideLoop = true;
            try
            {
                int job = unchecked(++_job);
                // Close the claim under the new id before touching the job fields, so no one claims with stale ones.
                Volatile.Write(ref _claim, ((long)job << 32) | Closed);
                int chunks = (int)Math.Min((count + (long)grain - 1) / grain, ThreadCount * 4L);
                _function = &Invoke<T>;
                _body = Unsafe.AsPointer(ref body);
                _count = count;
                _chunk = (count + chunks - 1) / chunks;
                _error = null;
                Volatile.Write(ref _completed, 0);
                Volatile.Write(ref _claim, (long)job << 32);
                foreach (var wake in _wake) wake.Set();
                Work(job);
                var spin = new SpinWait();
                while (Volatile.Read(ref _completed) != count) spin.SpinOnce(sleep1Threshold: -1);
                _error?.Throw();
            }
            finally
            {
                t_insideLoop = false;
            }
        }
    }

    private static void Invoke<T>(void* body, int start, int end) where T : struct, ICpuRangeBody =>
        Unsafe.AsRef<T>(body).Run(start, end);

    /// <summary>Claims and runs chunks of job <paramref name="job"/> until none is left (or the job is no longer current).</summary>
    private void Work(int job)
    {
        while (true)
        {
            long state = Volatile.Read(ref _claim);
            if ((int)(state >> 32) != job) return;
            int start = (int)(state & 0xFFFFFFFF);
            int count = _count;
            if (start >= count) return;
            int end = Math.Min(start + _chunk, count);
            if (Interlocked.CompareExchange(ref _claim, ((long)job << 32) | (uint)end, state) != state) continue;
            try
            {
                _function(_body, start, end);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, ExceptionDispatchInfo.Capture(e), null);
            }
            finally
            {
                Interlocked.Add(ref _completed, end - start);
            }
        }
    }

    private void WorkerLoop(int id)
    {
        t_insideLoop = true;
        var wake = _wake[id];
        while (true)
        {
            wake.Wait();
            wake.Reset();
            Work((int)(Volatile.Read(ref _claim) >> 32));
        }
    }
}
