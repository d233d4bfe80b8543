using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Kernels.Pointwise;

/// <summary>
/// Dropout, masking noise and Gaussian noise on every backend: the same seed gives the CPU's masks bit for bit
/// (integer Philox and an exact comparison) and Gaussian noise within 2e-6·(1 + |z|) (log, sqrt and cos a few ulp
/// apart); the fraction zeroed matches p; backward applies the forward's mask.
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.KernelBackends))]
public sealed class NoiseTests(string backend) : DeviceFixture(backend)
{
    private const ulong Seed = 0xfeed_beef_0123_4567UL;

    private static (float[] Y1, float[] M1, float[] Y2, float[] M2, uint Offset) Drop(Accelerator acc, float[] x, float p, bool masking)
    {
        using var rng = new PhiloxStream(acc, Seed);
        using var xb = acc.Allocate<float>(x, "x");
        using var yb = acc.Allocate<float>(x.Length, "y");
        using var mb = acc.Allocate<float>(x.Length, "mask");
        var s = acc.DefaultStream;
        if (masking) Noise.MaskingNoise(s, rng, xb, yb, mb, p); else Noise.Dropout(s, rng, xb, yb, mb, p, training: true);
        var (y1, m1) = (yb.ToArray(), mb.ToArray());
        if (masking) Noise.MaskingNoise(s, rng, xb, yb, mb, p); else Noise.Dropout(s, rng, xb, yb, mb, p, training: true);
        return (y1, m1, yb.ToArray(), mb.ToArray(), rng.Offset);
    }

    [TestCase(1, 0.5f, false)]
    [TestCase(1031, 0.3f, false)]
    [TestCase(1031, 0.3f, true)]
    [TestCase(65537, 0f, false)]
    public void SameMaskAsCpu(int n, float p, bool masking)
    {
        var x = Reference.Random(n, n);
        using var cpu = TestDevices.Context.GetDevice("cpu").CreateAccelerator();
        var expected = Drop(cpu, x, p, masking);
        var got = Drop(Acc, x, p, masking);
        Assert.That(got.M1, Is.EqualTo(expected.M1), "first mask differs from the CPU's");
        Assert.That(got.M2, Is.EqualTo(expected.M2), "second mask differs from the CPU's");
        Assert.That(got.Y1, Is.EqualTo(expected.Y1), "output differs from the CPU's");
        Assert.That(got.Offset, Is.EqualTo((uint)(2 * ((n + 3) / 4))), "offset advance");
        float keep = masking ? 1f : 1f / (1f - p);
        Assert.That(got.M1, Is.All.EqualTo(0f).Or.EqualTo(keep));
        for (int i = 0; i < n; i++) Assert.That(got.Y1[i], Is.EqualTo(x[i] * got.M1[i]), $"y[{i}]");
        if (n > 100 && p > 0) Assert.That(got.M1, Is.Not.EqualTo(got.M2), "consecutive calls drew the same mask");
    }

    [TestCase(0.1f, false)]
    [TestCase(0.5f, false)]
    [TestCase(0.9f, false)]
    [TestCase(0.25f, true)]
    public void FractionZeroedIsP(float p, bool masking)
    {
        const int n = 1 << 18;
        var x = Enumerable.Repeat(1f, n).ToArray();
        var r = Drop(Acc, x, p, masking);
        double zeroed = r.M1.Count(v => v == 0f) / (double)n;
        // Standard error sqrt(p(1-p)/n) <= 1e-3: 5e-3 is 5 sigma.
        Assert.That(zeroed, Is.EqualTo(p).Within(5e-3));
        double mean = r.Y1.Average(v => (double)v);
        Assert.That(mean, Is.EqualTo(masking ? 1 - p : 1).Within(masking ? 5e-3 : 5e-2), "expected value of the output");
    }

    [Test]
    public void BackwardUsesTheMask()
    {
        const int n = 1031;
        using var rng = new PhiloxStream(Acc, Seed);
        var x = Reference.Random(n, 1);
        var dy = Reference.Random(n, 2);
        var dx0 = Reference.Random(n, 3);
        using var xb = Acc.Allocate<float>(x, "x");
        using var mb = Acc.Allocate<float>(n, "mask");
        using var dyb = Acc.Allocate<float>(dy, "dy");
        using var dxb = Acc.Allocate<float>(dx0, "dx");
        Noise.Dropout(Stream, rng, xb, xb, mb, 0.4f, training: true); // in place
        Noise.MaskBackward(Stream, dyb, mb, dxb);
        var mask = mb.ToArray();
        var y = xb.ToArray();
        var dx = dxb.ToArray();
        for (int i = 0; i < n; i++)
        {
            Assert.That(y[i], Is.EqualTo(x[i] * mask[i]), $"in-place y[{i}]");
            Assert.That(dx[i], Is.EqualTo(dx0[i] + dy[i] * mask[i]).Within(1e-6), $"dx[{i}]");
        }
    }

    [Test]
    public void EvaluationIsIdentity()
    {
        using var rng = new PhiloxStream(Acc, Seed);
        var x = Reference.Random(257, 4);
        using var xb = Acc.Allocate<float>(x, "x");
        using var yb = Acc.Allocate<float>(x.Length, "y");
        using var mb = Acc.Allocate<float>(x.Length, "mask");
        Noise.Dropout(Stream, rng, xb, yb, mb, 0.5f, training: false);
        Assert.That(yb.ToArray(), Is.EqualTo(x));
        Assert.That(mb.ToArray(), Is.All.EqualTo(1f));
        Assert.That(rng.Offset, Is.EqualTo(0u), "evaluation drew random numbers");
    }

    private static (float[] Y, float[] Z) Gauss(Accelerator acc, float[] x, float std)
    {
        using var rng = new PhiloxStream(acc, Seed);
        using var xb = acc.Allocate<float>(x, "x");
        using var yb = acc.Allocate<float>(x.Length, "y");
        Noise.GaussianNoise(acc.DefaultStream, rng, xb, yb, std);
        using var rng2 = new PhiloxStream(acc, Seed);
        using var zb = acc.Allocate<float>(x.Length, "z");
        rng2.Normal(acc.DefaultStream, zb.View);
        return (yb.ToArray(), zb.ToArray());
    }

    [TestCase(1)]
    [TestCase(1031)]
    public void GaussianNoiseMatchesCpuAndTheNormalStream(int n)
    {
        const float std = 0.3f;
        var x = Reference.Random(n, 5);
        using var cpu = TestDevices.Context.GetDevice("cpu").CreateAccelerator();
        var (y0, _) = Gauss(cpu, x, std);
        var (y1, z) = Gauss(Acc, x, std);
        Reference.AssertClose(y1, D(y0), i => 2e-6 * (1 + Math.Abs(y0[i])), "Gaussian noise vs CPU");
        var expected = x.Select((v, i) => v + std * (double)z[i]).ToArray();
        Reference.AssertClose(y1, expected, i => 2e-6 * (1 + Math.Abs(expected[i])), "y = x + std·Z with Z the PhiloxStream.Normal draw");
    }

    [Test]
    public void GaussianNoiseStatisticsAndBackward()
    {
        const int n = 1 << 18;
        const float std = 0.5f;
        var (y, _) = Gauss(Acc, new float[n], std);
        double mean = y.Average(v => (double)v), sd = Math.Sqrt(y.Average(v => Math.Pow(v - mean, 2)));
        Assert.That(mean, Is.EqualTo(0).Within(5e-3));
        Assert.That(sd, Is.EqualTo(std).Within(5e-3));
        var dy = Reference.Random(33, 6);
        var dx0 = Reference.Random(33, 7);
        using var dyb = Acc.Allocate<float>(dy, "dy");
        using var dxb = Acc.Allocate<float>(dx0, "dx");
        Noise.GaussianNoiseBackward(Stream, dyb, dxb);
        Assert.That(dxb.ToArray(), Is.EqualTo(dx0.Select((v, i) => v + dy[i]).ToArray()));
    }

    private static double[] D(float[] v) => v.Select(e => (double)e).ToArray();
}
