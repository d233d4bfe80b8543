using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace KernelGen.Runtime.Cpu;

/// <summary>A range of work the CPU pool splits into chunks: <see cref="Run"/> handles [start, end).</summary>
public interface ICpuRangeBody
{
    /// <summary>Processes items [<paramref name="start"/>, <paramref name="end"/>).</summary>
    void Run(int start, int end);
}

/// <summary>
/// A fixed pool of worker threads (one per core, the caller included) for CPU kernels. A parallel loop takes
/// its body as a struct and dispatches through a function pointer, so launching allocates nothing.
/// Nested loops run inline on the calling thread.
/// </summary>
public sealed unsafe class CpuThreadPool
{
    private readonly ManualResetEventSlim[] _wake;
    private readonly object _gate = new();
    private delegate*<void*, int, int, void> _function;
    private void* _body;
    private int _count, _chunk, _next, _pending;
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
                int chunks = (int)Math.Min((count + (long)grain - 1) / grain, ThreadCount * 4L);
                _function = &Invoke<T>;
                _body = Unsafe.AsPointer(ref body);
                _count = count;
                _chunk = (count + chunks - 1) / chunks;
                _next = 0;
                _error = null;
                Volatile.Write(ref _pending, _wake.Length);
                foreach (var wake in _wake) wake.Set();
                Work();
                var spin = new SpinWait();
                while (Volatile.Read(ref _pending) != 0) spin.SpinOnce(sleep1Threshold: -1);
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

    private void Work()
    {
        while (true)
        {
            int start = Interlocked.Add(ref _next, _chunk) - _chunk;
            if (start >= _count) return;
            try
            {
                _function(_body, start, Math.Min(start + _chunk, _count));
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, ExceptionDispatchInfo.Capture(e), null);
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
            Work();
            Interlocked.Decrement(ref _pending);
        }
    }
}
