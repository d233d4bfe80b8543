using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Kernels;

/// <summary><see cref="Elementwise.AccumulateScaledByScalar"/> on every backend: dx += dy[0]·g with dy read on the device, odd sizes, exact up to one rounding.</summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.KernelBackends))]
public sealed class AccumulateScaledByScalarTests(string backend) : DeviceFixture(backend)
{
    [TestCase(1)]
    [TestCase(37)]
    [TestCase(1031)]
    public void AccumulatesScaledGradient(int n)
    {
        var rng = new Random(n);
        var g = Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble() * 2 - 1).ToArray();
        var dx0 = Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble()).ToArray();
        using var dy = Acc.Allocate<float>([0f, -1.75f, 9f], "dy");
        using var gb = Acc.Allocate<float>(g, "g");
        using var dx = Acc.Allocate<float>(dx0, "dx");
        Elementwise.AccumulateScaledByScalar(Stream, dy.View.SubView(1, 1), gb.View, dx.View);
        var got = dx.ToArray();
        for (int i = 0; i < n; i++)
            Assert.That(got[i], Is.EqualTo(dx0[i] + -1.75 * g[i]).Within(1e-6 + 1e-6 * Math.Abs(dx0[i])), $"dx[{i}]");
    }

    [Test]
    public void LengthMismatchIsNamed()
    {
        using var dy = Acc.Allocate<float>(1, "dy");
        using var g = Acc.Allocate<float>(4, "g");
        using var dx = Acc.Allocate<float>(5, "dx");
        var ex = Assert.Throws<ArgumentException>(() => Elementwise.AccumulateScaledByScalar(Stream, dy.View, g.View, dx.View));
        Assert.That(ex!.Message, Does.Contain("AccumulateScaledByScalar").And.Contain("'dx' has 5 elements"));
    }
}
