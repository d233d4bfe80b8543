using KernelGen.Runtime.Cpu;

namespace KernelGen.Tests.Runtime;

/// <summary>The CPU pool runs every index exactly once per loop, however chunks are claimed, and reports failures.</summary>
public sealed unsafe class CpuThreadPoolTests
{
    private struct Count : ICpuRangeBody
    {
        public int* Hits;
        public void Run(int start, int end)
        {
            for (int i = start; i < end; i++) Interlocked.Increment(ref Hits[i]);
        }
    }

    private struct Throw : ICpuRangeBody
    {
        public void Run(int start, int end)
        {
            if (start == 0) throw new InvalidOperationException("boom in chunk 0");
        }
    }

    private struct Nested : ICpuRangeBody
    {
        public int* Hits;
        public void Run(int start, int end)
        {
            for (int i = start; i < end; i++)
                CpuThreadPool.Shared.For(4, new Count { Hits = Hits + i * 4 }, 1);
        }
    }

    [Test]
    public void EveryIndexRunsExactlyOnceAcrossManyJobs()
    {
        var rng = new Random(1);
        var hits = new int[5000];
        fixed (int* p = hits)
            for (int job = 0; job < 3000; job++)
            {
                int n = rng.Next(1, hits.Length);
                Array.Clear(hits);
                CpuThreadPool.Shared.For(n, new Count { Hits = p }, rng.Next(1, 64));
                for (int i = 0; i < hits.Length; i++)
                    if (hits[i] != (i < n ? 1 : 0)) Assert.Fail($"job {job} (n = {n}): index {i} ran {hits[i]} times");
            }
    }

    [Test]
    public void AnExceptionInAChunkReachesTheCaller()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => CpuThreadPool.Shared.For(1000, new Throw(), 10));
        Assert.That(ex!.Message, Does.Contain("boom"));
        var hits = new int[100];
        fixed (int* p = hits) CpuThreadPool.Shared.For(100, new Count { Hits = p }, 1);
        Assert.That(hits, Is.All.EqualTo(1), "the pool works after a failed loop");
    }

    [Test]
    public void NestedLoopsRunInline()
    {
        var hits = new int[64 * 4];
        fixed (int* p = hits) CpuThreadPool.Shared.For(64, new Nested { Hits = p }, 1);
        Assert.That(hits, Is.All.EqualTo(1));
    }
}
