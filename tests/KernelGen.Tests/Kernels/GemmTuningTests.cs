using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Kernels;

/// <summary>The one-time GEMM search on every backend: it picks a variant, caches it on disk, and the selector uses it.</summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.Backends))]
public sealed class GemmTuningTests(string backend) : DeviceFixture(backend)
{
    [Test]
    public void SearchPicksAVariantAndCachesItOnDisk()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"kernelgen-tune-{Guid.NewGuid():N}");
        string? saved = Environment.GetEnvironmentVariable("KERNELGEN_CACHE_DIR");
        Environment.SetEnvironmentVariable("KERNELGEN_CACHE_DIR", dir);
        try
        {
            GemmTuneCache.ClearMemory();
            var (winner, times) = GemmTuner.Tune(Acc, 100, 90, 80);
            Assert.That(GemmVariant.All, Does.Contain(winner));
            Assert.That(times.Select(t => t.Variant), Is.EquivalentTo(GemmVariant.All.Where(v => v.FitsOn(Acc.Device))));
            Assert.That(times, Has.All.Matches<(GemmVariant, double Ms)>(t => t.Ms >= 0));
            string key = GemmTuneCache.Key(Acc.Device, GemmTuneCache.Bucket(100, 90, 80, 1));
            Assert.That(File.ReadAllText(GemmTuneCache.PathFor(key)).Trim(), Is.EqualTo(winner.Name));
            Assert.That(Directory.GetFiles(GemmTuneCache.Directory, "*.tmp"), Is.Empty);
            GemmTuneCache.ClearMemory();
            Assert.That(GemmTuneCache.TryGet(key), Is.SameAs(winner), "read back from disk");
            if (Acc.Device.Backend != Backend.Cpu)
                Assert.That(GemmSelector.Select(Acc, 100, 90, 80, 1), Is.SameAs(winner));
        }
        finally
        {
            GemmTuneCache.ClearMemory();
            Environment.SetEnvironmentVariable("KERNELGEN_CACHE_DIR", saved);
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// A problem is decided once: later calls (every GEMM launch of a training step) build no key, read no file and
    /// allocate nothing, until the tuning cache changes.
    /// </summary>
    [Test]
    public void TheSameProblemIsDecidedOnceAndThenCostsNothing()
    {
        var first = GemmSelector.Select(Acc, 128, 400, 784, 1);
        bool same = SelectsAgain(first, 100); // warm-up: the JIT's own allocations are not the selector's
        long before = GC.GetAllocatedBytesForCurrentThread();
        same &= SelectsAgain(first, 100);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(same, Is.True);
        Assert.That(allocated, Is.Zero, "no key strings, no File.Exists");
        if (Acc.Device.Backend == Backend.Cpu) return;
        string key = GemmTuneCache.Key(Acc.Device, GemmTuneCache.Bucket(128, 400, 784, 1));
        var other = GemmVariant.All.First(v => v != first && v.FitsOn(Acc.Device));
        try
        {
            GemmTuneCache.Store(key, other);
            Assert.That(GemmSelector.Select(Acc, 128, 400, 784, 1), Is.SameAs(other), "a stored result is seen at once");
        }
        finally
        {
            if (File.Exists(GemmTuneCache.PathFor(key))) File.Delete(GemmTuneCache.PathFor(key));
            GemmTuneCache.ClearMemory();
        }
    }

    private bool SelectsAgain(GemmVariant first, int times)
    {
        bool same = true;
        for (int i = 0; i < times; i++) same &= ReferenceEquals(GemmSelector.Select(Acc, 128, 400, 784, 1), first);
        return same;
    }

    [Test]
    public void BucketsGroupSimilarSizes()
    {
        Assert.That(GemmTuneCache.Bucket(1000, 1000, 600, 1), Is.EqualTo("mn1024-k512"));
        Assert.That(GemmTuneCache.Bucket(1024, 1024, 512, 1), Is.EqualTo(GemmTuneCache.Bucket(1000, 1000, 600, 1)));
        Assert.That(GemmTuneCache.Bucket(64, 64, 64, 16), Is.EqualTo("mn256-k64"));
    }
}
