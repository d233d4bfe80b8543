using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace KernelGen.Runtime.Cpu;

/// <summary>
/// A fixed pool of worker threads (one per core, the caller included) for CPU kernels. A parallel loop takes
/// its body as a struct and dispatches through a function pointer, so launching allocates nothing.
/// Work is claimed chunk by chunk with a compare-and-swap on (job id, next index): the caller works too and waits
/// only for chunks someone claimed, so a worker that is descheduled on a busy machine never stalls a launch, and a
/// worker that wakes late cannot run a chunk of a later job. Nested loops run inline on the calling thread.
/// <para>
/// Between loops a worker spins on the job id for <see cref="SpinMicroseconds"/> before it blocks, so the next
/// launch of a graph step (microseconds later) starts without a kernel wake-up; the caller signals only workers
/// that did block. The pool never runs more threads than cores: the caller is one of them.
/// </para>
/// </summary>
public sealed unsafe class CpuThreadPool
{
    private const int Closed = int.MaxValue;
    private readonly ManualResetEventSlim[] _wake;
    private readonly int[] _sleeping;
    private readonly object _gate = new();
    private delegate*<void*, int, int, void> _function;
    private void* _body;
    private int _count, _chunk, _completed, _job;
    private long _claim; // job id in the high 32 bits, next start index in the low 32 bits
    private long _spinTicks;
    private long _loops, _wakeups;
    private ExceptionDispatchInfo? _error;

    [ThreadStatic] private static bool t_insideLoop;

    /// <summary>The pool shared by all CPU accelerators, sized to the machine's cores.</summary>
    public static CpuThreadPool Shared { get; } = new(Environment.ProcessorCount);

    /// <summary>Creates a pool of <paramref name="threads"/> threads, the caller counted.</summary>
    public CpuThreadPool(int threads)
    {
        ThreadCount = Math.Max(1, threads);
        SpinMicroseconds = 500;
        _wake = new ManualResetEventSlim[ThreadCount - 1];
        _sleeping = new int[ThreadCount - 1];
        for (int i = 0; i < _wake.Length; i++)
        {
            _wake[i] = new ManualResetEventSlim(false, spinCount: 0);
            int id = i;
            new Thread(() => WorkerLoop(id)) { IsBackground = true, Name = $"kernelgen-cpu-{i + 1}" }.Start();
        }
    }

    /// <summary>Threads that share a loop, the caller included.</summary>
    public int ThreadCount { get; }

    /// <summary>
    /// How long an idle worker polls for the next loop before it blocks (default 500 µs; 0 blocks at once). Longer
    /// costs an idle core's cycles after the last launch; shorter makes the next launch wake a blocked thread.
    /// </summary>
    public double SpinMicroseconds
    {
        get => Volatile.Read(ref _spinTicks) * 1e6 / Stopwatch.Frequency;
        set => Volatile.Write(ref _spinTicks, (long)(Math.Max(0, value) * Stopwatch.Frequency / 1e6));
    }

    /// <summary>Loops split across threads so far, and how many of them had to wake a blocked worker.</summary>
    public (long Loops, long Wakeups) Dispatches => (Volatile.Read(ref _loops), Volatile.Read(ref _wakeups));

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
                // A full fence between publishing the job and reading who sleeps (a worker fences between announcing
                // its sleep and reading the job), so no worker sleeps through a job.
                Interlocked.Exchange(ref _claim, (long)job << 32);
                _loops++;
                for (int i = 0; i < _sleeping.Length; i++)
                    if (Volatile.Read(ref _sleeping[i]) != 0 && Interlocked.Exchange(ref _sleeping[i], 0) != 0)
                    {
                        _wakeups++;
                        _wake[i].Set();
                    }
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

    private static int JobOf(long claim) => (int)(claim >> 32);

    /// <summary>Claims and runs chunks of job <paramref name="job"/> until none is left (or the job is no longer current).</summary>
    private void Work(int job)
    {
        while (true)
        {
            long state = Volatile.Read(ref _claim);
            if (JobOf(state) != job) return;
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
        int seen = JobOf(Volatile.Read(ref _claim));
        while (true)
        {
            int job = AwaitJob(id, wake, seen);
            Work(job);
            seen = job;
        }
    }

    /// <summary>Polls for a job other than <paramref name="seen"/>, then blocks until the caller signals one.</summary>
    private int AwaitJob(int id, ManualResetEventSlim wake, int seen)
    {
        long deadline = Stopwatch.GetTimestamp() + Volatile.Read(ref _spinTicks);
        while (true)
        {
            int job = JobOf(Volatile.Read(ref _claim));
            if (job != seen) return job;
            if (Stopwatch.GetTimestamp() < deadline)
            {
                Thread.SpinWait(20);
                continue;
            }
            wake.Reset();
            Interlocked.Exchange(ref _sleeping[id], 1);
            job = JobOf(Volatile.Read(ref _claim));
            if (job != seen)
            {
                // The job came before the announcement was seen; if the caller took it anyway, its Set stays on the
                // event and is reset before the next sleep.
                Interlocked.Exchange(ref _sleeping[id], 0);
                return job;
            }
            wake.Wait();
            deadline = Stopwatch.GetTimestamp() + Volatile.Read(ref _spinTicks);
        }
    }
}
