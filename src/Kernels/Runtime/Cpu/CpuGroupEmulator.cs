using System.Runtime.CompilerServices;

namespace KernelGen.Runtime.Cpu;

/// <summary>
/// Runs an explicitly grouped kernel on the CPU the way a GPU does: each group's threads are real threads that share
/// the group's <see cref="SharedMemory"/> arrays and meet at <see cref="Group.Barrier"/>. Groups run one after another
/// on the same threads (one per thread of a group), so a launch costs one thread per group thread, not per grid thread.
/// <see cref="Grid"/> and <see cref="Group"/> read the calling thread's position from a thread-static context.
/// </summary>
/// <remarks>
/// Correctness over speed. The first exception of any thread cancels the launch and is rethrown as one
/// <see cref="AcceleratorException"/> naming the thread and group; threads that reach barriers a different number of
/// times (a barrier under a condition, or an early return before one) are reported the same way instead of
/// deadlocking. Shared memory is not cleared between groups (as on a GPU, it starts with whatever it held).
/// </remarks>
internal sealed class CpuGroupEmulator
{
    [ThreadStatic] private static ThreadState? _current;

    private readonly LaunchDims _dims;
    private readonly int _groupThreads;
    private readonly Barrier _barrier;
    private readonly CancellationTokenSource _cancel = new();
    private readonly bool[] _atGroupEnd;
    private readonly List<object> _shared = new();
    private readonly object _lock = new();
    private Exception? _error;

    private CpuGroupEmulator(in LaunchDims dims)
    {
        _dims = dims;
        _groupThreads = checked(dims.GroupDim.X * dims.GroupDim.Y);
        _atGroupEnd = new bool[_groupThreads];
        _barrier = new Barrier(_groupThreads, _ => CheckPhase());
    }

    /// <summary>The emulated thread running on the calling thread, or null outside an emulated launch.</summary>
    internal static ThreadState? Current => _current;

    /// <summary>Runs <paramref name="thread"/> once per thread of every group of <paramref name="dims"/>.</summary>
    public static void Run(in LaunchDims dims, Action thread)
    {
        if (dims.GroupDim.X <= 0 || dims.GroupDim.Y <= 0 || dims.GridDim.X < 0 || dims.GridDim.Y < 0)
            throw new ArgumentOutOfRangeException(nameof(dims), $"Grouped launch with grid {dims.GridDim} and group {dims.GroupDim}.");
        if ((long)dims.GroupDim.X * dims.GroupDim.Y > 1024)
            throw new ArgumentOutOfRangeException(nameof(dims), $"Group {dims.GroupDim} has more than 1024 threads.");
        var emulator = new CpuGroupEmulator(dims);
        emulator.RunAll(thread);
    }

    private void RunAll(Action body)
    {
        var threads = new Thread[_groupThreads];
        for (int t = 0; t < _groupThreads; t++)
        {
            var state = new ThreadState(this, t % _dims.GroupDim.X, t / _dims.GroupDim.X, t);
            threads[t] = new Thread(() => ThreadMain(state, body), maxStackSize: 1 << 20) { IsBackground = true, Name = $"KernelGen group thread {t}" };
        }
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        _barrier.Dispose();
        _cancel.Dispose();
        if (_error != null) throw _error;
    }

    private void ThreadMain(ThreadState state, Action body)
    {
        _current = state;
        try
        {
            for (int gy = 0; gy < _dims.GridDim.Y; gy++)
                for (int gx = 0; gx < _dims.GridDim.X; gx++)
                {
                    state.StartGroup(gx, gy);
                    try
                    {
                        body();
                    }
                    catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (Exception e)
                    {
                        Fail(new AcceleratorException(
                            $"Kernel failed on the CPU in thread ({state.LocalX}, {state.LocalY}) of group ({gx}, {gy}): {e.GetType().Name}: {e.Message}", e));
                        return;
                    }
                    _atGroupEnd[state.Linear] = true;
                    if (!Wait()) return;
                    _atGroupEnd[state.Linear] = false;
                }
        }
        finally
        {
            _current = null;
            try { _barrier.RemoveParticipant(); } catch (InvalidOperationException) { } // leaving frees the others' waits
        }
    }

    /// <summary>Waits at the group's barrier; false once the launch has failed.</summary>
    private bool Wait()
    {
        try
        {
            _barrier.SignalAndWait(_cancel.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        return Volatile.Read(ref _error) is null;
    }

    /// <summary>After each barrier phase (every thread arrived): all at a Group.Barrier, or all at the group's end.</summary>
    private void CheckPhase()
    {
        int atEnd = _atGroupEnd.Count(b => b);
        if (atEnd != 0 && atEnd != _barrier.ParticipantCount)
            Fail(new AcceleratorException(
                $"Kernel failed on the CPU: {atEnd} of {_groupThreads} threads of a group finished while the others waited at Group.Barrier(); every thread of a group must reach each barrier (no barrier under a condition, no early return before one)."));
    }

    private void Fail(Exception e)
    {
        lock (_lock)
            _error ??= e;
        try { _cancel.Cancel(); } catch (ObjectDisposedException) { }
    }

    /// <summary>One emulated GPU thread: its position, and the index of its next shared-memory allocation.</summary>
    internal sealed class ThreadState
    {
        private readonly CpuGroupEmulator _owner;
        private int _nextShared;

        public ThreadState(CpuGroupEmulator owner, int localX, int localY, int linear)
        {
            _owner = owner;
            LocalX = localX;
            LocalY = localY;
            Linear = linear;
        }

        public int LocalX { get; }
        public int LocalY { get; }
        public int Linear { get; }
        public int GroupX { get; private set; }
        public int GroupY { get; private set; }
        public Index2D GroupDim => _owner._dims.GroupDim;
        public Index2D GridDim => _owner._dims.GridDim;

        public void StartGroup(int gx, int gy)
        {
            GroupX = gx;
            GroupY = gy;
            _nextShared = 0;
        }

        /// <summary><see cref="Group.Barrier"/>: waits for the group; throws to unwind the kernel once the launch failed.</summary>
        public void Barrier()
        {
            if (!_owner.Wait()) throw new OperationCanceledException(_owner._cancel.Token);
        }

        /// <summary>The group's k-th shared array for this thread's k-th allocation: the same memory for every thread of the group.</summary>
        public unsafe ArrayView<T> Shared<T>(int length) where T : unmanaged
        {
            if (length <= 0) throw new ArgumentOutOfRangeException(nameof(length), $"SharedMemory.Allocate({length})");
            int k = _nextShared++;
            T[] array;
            lock (_owner._lock)
            {
                if (k == _owner._shared.Count) _owner._shared.Add(GC.AllocateArray<T>(length, pinned: true));
                if (!(_owner._shared[k] is T[] existing) || existing.Length != length)
                    throw new InvalidOperationException($"Shared-memory allocation {k} differs between the threads of a group ({typeof(T).Name}[{length}]).");
                array = existing;
            }
            return new ArrayView<T>(null!, (T*)Unsafe.AsPointer(ref array[0]), 0, length);
        }
    }
}
