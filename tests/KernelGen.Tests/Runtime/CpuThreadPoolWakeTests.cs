using KernelGen.Runtime.Cpu;

namespace KernelGen.Tests.Runtime;

/// <summary>
/// Workers poll between loops, then block: a loop must still run every index once whether the workers were polling
/// or had to be woken, and the pool counts the wake-ups.
/// </summary>
public sealed unsafe class CpuThreadPoolWakeTests
{
    private struct Count : ICpuRangeBody
    {
        public int* Hits;
        public void Run(int start, int end)
        {
            for (int i = start; i < end; i++) Interlocked.Increment(ref Hits[i]);
        }
    }

    [TestCase(0.0)]
    [TestCase(50.0)]
    [TestCase(500.0)]
    public void LoopsCompleteWhetherWorkersPollOrSleep(double spinMicroseconds)
    {
        var pool = new CpuThreadPool(3) { SpinMicroseconds = spinMicroseconds };
        var hits = new int[600];
        fixed (int* p = hits)
            for (int job = 0; job < 400; job++)
            {
                Array.Clear(hits);
                if (job % 50 == 0) Thread.Sleep(2); // long enough for every worker to block
                pool.For(hits.Length, new Count { Hits = p }, 7);
                for (int i = 0; i < hits.Length; i++)
                    if (hits[i] != 1) Assert.Fail($"job {job}: index {i} ran {hits[i]} times");
            }
        var (loops, wakeups) = pool.Dispatches;
        Assert.That(loops, Is.EqualTo(400));
        Assert.That(wakeups, Is.GreaterThan(0), "after a sleep the workers had blocked and were woken");
        if (spinMicroseconds == 0) Assert.That(wakeups, Is.GreaterThan(100), "workers that never poll are woken for most loops");
    }

    [Test]
    public void BackToBackLoopsFindPollingWorkers()
    {
        var pool = new CpuThreadPool(2) { SpinMicroseconds = 200_000 };
        var hits = new int[64];
        fixed (int* p = hits)
        {
            pool.For(hits.Length, new Count { Hits = p }, 1);
            Thread.Sleep(20); // the worker is polling now (for up to 200 ms)
            var before = pool.Dispatches;
            for (int job = 0; job < 200; job++) pool.For(hits.Length, new Count { Hits = p }, 1);
            var after = pool.Dispatches;
            Assert.That(after.Loops - before.Loops, Is.EqualTo(200));
            Assert.That(after.Wakeups - before.Wakeups, Is.EqualTo(0), "no loop had to wake a worker that was polling");
        }
        Assert.That(hits, Is.All.EqualTo(201));
    }
}
