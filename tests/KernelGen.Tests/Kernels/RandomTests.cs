using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Kernels;

/// <summary>Philox4x32-10 against the Random123 known-answer vectors, on the CPU.</summary>
public sealed class PhiloxKnownAnswerTests
{
    [TestCase(0u, 0u, 0u, 0u, 0u, 0u, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u)]
    [TestCase(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu)]
    [TestCase(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u, 0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u)]
    public void MatchesRandom123(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1, uint e0, uint e1, uint e2, uint e3)
    {
        RandomKernels.Philox(ref c0, ref c1, ref c2, ref c3, k0, k1);
        Assert.That(new[] { c0, c1, c2, c3 }, Is.EqualTo(new[] { e0, e1, e2, e3 }));
    }
}

/// <summary>
/// Every backend draws the same stream as the CPU: uniform numbers bit for bit (integer arithmetic and an exact
/// conversion), normal numbers within 2e-6·(1 + |z|) (they go through log, sqrt and cos, a few ulp apart).
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.KernelBackends))]
public sealed class RandomStreamTests(string backend) : DeviceFixture(backend)
{
    private static (float[] Uniform, float[] Normal) Draw(Accelerator acc, int n, ulong seed, bool advanceOnDevice)
    {
        using var rng = new PhiloxStream(acc, seed);
        using var u = acc.Allocate<float>(n, "u");
        using var z = acc.Allocate<float>(n, "z");
        rng.Uniform(acc.DefaultStream, u.View, -2f, 3f);
        if (advanceOnDevice)
        {
            // The same blocks reached through the device counter instead of the host offset.
            acc.DefaultStream.Launch(RandomKernels.AdvanceKernel, 1, rng.Counter, rng.Offset);
            rng.Offset = 0;
        }
        rng.Normal(acc.DefaultStream, z.View, 1f, 2f);
        return (u.ToArray(), z.ToArray());
    }

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(100003)]
    public void SameStreamAsCpu(int n)
    {
        using var cpu = TestDevices.Context.GetDevice("cpu").CreateAccelerator();
        var (u0, z0) = Draw(cpu, n, 0x1234_5678_9abc_def0UL, false);
        var (u1, z1) = Draw(Acc, n, 0x1234_5678_9abc_def0UL, true);
        if (BackendName.StartsWith("ilgpu", StringComparison.Ordinal))
            // Under ILGPU, KernelMath.Fma is a·b + c (ILGPU has no float FMA); ILGPU's CPU accelerator rounds it twice, so
            // lo + (hi - lo)·u may differ from the CPU's single rounding by one ulp: at most 2^-22 ≈ 2.4e-7 for values in [-2, 3).
            Assert.That(u1, Is.EqualTo(u0).Within(2.4e-7f), "uniform stream differs from the CPU's by more than an ulp");
        else
            Assert.That(u1, Is.EqualTo(u0), "uniform stream differs from the CPU's");
        Reference.AssertClose(z1, z0.Select(v => (double)v).ToArray(), i => 2e-6 * (1 + Math.Abs(z0[i])), "normal stream vs CPU");
        Assert.That(u1, Is.All.InRange(-2f, 3f));
    }

    [Test]
    public void MomentsAreRight()
    {
        const int n = 1 << 20;
        var (u, z) = Draw(Acc, n, 42, false);
        double um = u.Average(v => (v + 2) / 5.0), uv = u.Average(v => Math.Pow((v + 2) / 5.0 - 0.5, 2));
        double zm = z.Average(v => (double)v), zs = Math.Sqrt(z.Average(v => Math.Pow(v - zm, 2)));
        // Standard errors at n = 2^20: mean ~3e-4, so 5e-3 bounds are ~15 sigma yet catch any real bias.
        Assert.That(um, Is.EqualTo(0.5).Within(5e-3));
        Assert.That(uv, Is.EqualTo(1.0 / 12).Within(5e-3));
        Assert.That(zm, Is.EqualTo(1.0).Within(1e-2));
        Assert.That(zs, Is.EqualTo(2.0).Within(1e-2));
    }

    [Test]
    public void DifferentSeedsAndOffsetsDiffer()
    {
        var (a, _) = Draw(Acc, 64, 1, false);
        var (b, _) = Draw(Acc, 64, 2, false);
        Assert.That(a, Is.Not.EqualTo(b));
    }

    /// <summary>The fused draw gives the ε that <see cref="PhiloxStream.Normal"/> gives, and z = μ + e^(logvar/2)·ε (double reference, 2 ulp).</summary>
    [TestCase(1)]
    [TestCase(7)]
    [TestCase(4099)]
    public void ReparameterizeDrawsWhatNormalDraws(int n)
    {
        var mu = Reference.Random(n, seed: 21);
        var logvar = Reference.Random(n, seed: 22);
        using var normal = new PhiloxStream(Acc, 77);
        using var fused = new PhiloxStream(Acc, 77);
        using var expectedEps = Acc.Allocate<float>(n, "normal");
        using var mub = Acc.Allocate<float>(mu, "mu");
        using var lvb = Acc.Allocate<float>(logvar, "logvar");
        using var eps = Acc.Allocate<float>(n, "eps");
        using var z = Acc.Allocate<float>(n, "z");
        normal.Normal(Stream, expectedEps.View);
        fused.Reparameterize(Stream, mub.View, lvb.View, eps.View, z.View);
        var e = eps.ToArray();
        Assert.That(e, Is.EqualTo(expectedEps.ToArray()), "ε");
        Assert.That(fused.Offset, Is.EqualTo(normal.Offset), "blocks consumed");
        Reference.AssertClose(z.ToArray(), Enumerable.Range(0, n).Select(i => mu[i] + Math.Exp(0.5 * logvar[i]) * e[i]).ToArray(),
            i => 2.4e-7 * (Math.Abs(mu[i]) + Math.Exp(0.5 * logvar[i]) * Math.Abs(e[i])) + 1e-7, "z");
    }
    /// <summary>
    /// Replicas of a data-parallel run draw their shard of what one replica draws for the whole batch (uniform numbers bit
    /// for bit; normal numbers within the 2e-6·(1 + |z|) of <see cref="SameStreamAsCpu"/>: the CPU computes a vector's
    /// worth and a remainder with different instructions), and all move past the whole request (n a multiple of the
    /// 4 uniform and 2 normal lanes).
    /// </summary>
    [TestCase(2, 64)]
    [TestCase(3, 4100)]
    public void ShardsDrawTheirPartOfTheWholeBatch(int replicas, int n)
    {
        using var whole = new PhiloxStream(Acc, 99);
        using var all = Acc.Allocate<float>(replicas * n, "whole");
        using var allNormal = Acc.Allocate<float>(replicas * n, "whole-normal");
        whole.Uniform(Stream, all.View);
        whole.Normal(Stream, allNormal.View);
        var expected = all.ToArray();
        var expectedNormal = allNormal.ToArray();
        for (int r = 0; r < replicas; r++)
        {
            using var shard = new PhiloxStream(Acc, 99);
            shard.Shard(r, replicas);
            using var part = Acc.Allocate<float>(n, "part");
            using var partNormal = Acc.Allocate<float>(n, "part-normal");
            shard.Uniform(Stream, part.View);
            shard.Normal(Stream, partNormal.View);
            Assert.That(part.ToArray(), Is.EqualTo(expected[(r * n)..((r + 1) * n)]), $"uniform numbers of replica {r}");
            Reference.AssertClose(partNormal.ToArray(), expectedNormal[(r * n)..((r + 1) * n)].Select(v => (double)v).ToArray(),
                i => 2e-6 * (1 + Math.Abs(expectedNormal[r * n + i])), $"normal numbers of replica {r}");
            Assert.That(shard.Offset, Is.EqualTo(whole.Offset), $"replica {r} moved past the whole request");
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => whole.Shard(replicas, replicas));
    }
}
