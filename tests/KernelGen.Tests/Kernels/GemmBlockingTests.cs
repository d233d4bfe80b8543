using KernelGen.Kernels.Cpu;
using KernelGen.Runtime.Cpu;

namespace KernelGen.Tests.Kernels;

/// <summary>
/// The CPU SGEMM's blocking comes from the host's caches (<see cref="GemmBlocking"/>): the model's values for known
/// hosts, the parsing of Linux's cache descriptions, and the product computed right under each host's blocking.
/// </summary>
public sealed class GemmBlockingTests
{
    private static CpuHost Host(long l1, int ways, long l2, long l3PerCore, string path) => new(2, l1, ways, l2, l3PerCore, path, "test");

    private static readonly (string Name, CpuHost Host, int Mr, int Nr, GemmBlocking Expected)[] Hosts =
    [
        // Zen 4 (this project's CI kind): 32 KiB 8-way L1d, 1 MiB L2, 32 MiB L3 for two cores.
        ("zen4-avx512", Host(32 << 10, 8, 1 << 20, 16 << 20, "AVX-512"), 14, 32, new(256, 504, 4096)),
        // Ice Lake server: 48 KiB 12-way L1d, 1.25 MiB L2, 1.5 MiB of L3 per core.
        ("icelake-avx512", Host(48 << 10, 12, 1280 << 10, 1536 << 10, "AVX-512"), 14, 32, new(256, 630, 768)),
        // Haswell: 32 KiB 8-way L1d, 256 KiB L2, 2.5 MiB of L3 per core, AVX2 6×16 tiles.
        ("haswell-avx2", Host(32 << 10, 8, 256 << 10, 2560 << 10, "AVX2"), 6, 16, new(256, 126, 1280)),
    ];

    private static IEnumerable<TestCaseData> HostCases() =>
        Hosts.Select(h => new TestCaseData(h.Host, h.Mr, h.Nr, h.Expected.Kc, h.Expected.Mc, h.Expected.Nc).SetArgDisplayNames(h.Name));

    [Test]
    public void ASmallL1GivesShallowerSlices() =>
        Assert.That(GemmBlocking.Derive(Host(16 << 10, 4, 256 << 10, 1 << 20, "AVX-512"), 14, 32).Kc, Is.EqualTo(128));

    [TestCaseSource(nameof(HostCases))]
    public void TheCacheModelGivesTheDocumentedBlocking(CpuHost host, int mr, int nr, int kc, int mc, int nc)
    {
        var blocking = GemmBlocking.Derive(host, mr, nr);
        Assert.That((blocking.Kc, blocking.Mc, blocking.Nc), Is.EqualTo((kc, mc, nc)));
        Assert.That((long)blocking.Kc * nr * sizeof(float), Is.LessThanOrEqualTo(host.L1DataBytes), "a B micro-panel fits in L1");
        Assert.That(blocking.Kc, Is.InRange(64, 256));
        Assert.That((long)blocking.Mc * blocking.Kc * sizeof(float), Is.LessThanOrEqualTo(host.L2Bytes / 2), "the A block fits in half of L2");
        Assert.That(blocking.Mc % mr, Is.EqualTo(0));
        Assert.That(blocking.Nc % nr, Is.EqualTo(0));
    }

    [TestCase("32K", 32 << 10)]
    [TestCase("1024K", 1 << 20)]
    [TestCase("32M", 32 << 20)]
    [TestCase("4096", 4096)]
    public void CacheSizesParse(string text, long bytes) => Assert.That(CpuHost.ParseSize(text), Is.EqualTo(bytes));

    [TestCase("0", 1)]
    [TestCase("0-1", 2)]
    [TestCase("0-3,8,10-11", 7)]
    public void CpuListsCount(string list, int cpus) => Assert.That(CpuHost.CountCpus(list), Is.EqualTo(cpus));

    [Test]
    public void ThisHostIsDescribed()
    {
        var host = CpuHost.Current;
        TestContext.Out.WriteLine(host.Describe());
        Assert.That(host.Cores, Is.EqualTo(Environment.ProcessorCount));
        Assert.That(host.L1DataBytes, Is.InRange(4L << 10, 4L << 20));
        Assert.That(host.L2Bytes, Is.GreaterThanOrEqualTo(host.L1DataBytes));
        Assert.That(GemmDriver.Blocking, Is.EqualTo(GemmBlocking.Derive(host, GemmDriver.MR, GemmDriver.NR)));
    }

    /// <summary>Every host's blocking (several kc slices, mc blocks and nc blocks here) and both strip counts give the product.</summary>
    [TestCaseSource(nameof(HostCases))]
    public void TheProductIsRightUnderEachHostsBlocking(CpuHost host, int mr, int nr, int kc, int mc, int nc)
    {
        var blocking = GemmBlocking.Derive(host, GemmDriver.MR, GemmDriver.NR);
        var saved = (GemmDriver.KcMax, GemmDriver.McMax, GemmDriver.NcMax);
        try
        {
            // Scaled down so the shapes below cross block edges in every dimension.
            (GemmDriver.KcMax, GemmDriver.McMax, GemmDriver.NcMax) = (blocking.Kc / 2, blocking.Mc / 8 / GemmDriver.MR * GemmDriver.MR, blocking.Nc / 16 / GemmDriver.NR * GemmDriver.NR);
            foreach (int strips in new[] { 1, 2 })
            {
                GemmDriver.ForcedStripsPerThread = strips;
                foreach (var (m, n, k, ta, tb) in new[] { (333, 517, 301, false, false), (129, 700, 250, false, true), (600, 90, 400, true, false) })
                    CpuGemmTests.CheckProduct(m, n, k, ta, tb);
            }
        }
        finally
        {
            (GemmDriver.KcMax, GemmDriver.McMax, GemmDriver.NcMax) = saved;
            GemmDriver.ForcedStripsPerThread = null;
        }
    }
}
