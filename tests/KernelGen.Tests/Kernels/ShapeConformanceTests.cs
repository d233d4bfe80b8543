using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Kernels;

/// <summary>Shape plumbing on every backend: exact (copies and one-hot are bit-exact; sums within 1e-6 + 1e-6·Σ|dy|).</summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.KernelBackends))]
public sealed class ShapeConformanceTests(string backend) : DeviceFixture(backend)
{
    [TestCase(1, 1, 1)]
    [TestCase(1, 3, 5)]
    [TestCase(7, 13, 2)]
    [TestCase(31, 6, 11)]
    public void ConcatSplitAndTheirBackward(int n, int sa, int sb)
    {
        var a = Reference.Random(n * sa, 1);
        var b = Reference.Random(n * sb, 2);
        var expected = new float[n * (sa + sb)];
        for (int r = 0; r < n; r++)
        {
            Array.Copy(a, r * sa, expected, r * (sa + sb), sa);
            Array.Copy(b, r * sb, expected, r * (sa + sb) + sa, sb);
        }
        using var v = new PaddedViews(Acc);
        var av = v.Up(a, "a");
        var bv = v.Up(b, "b");
        var y = v.Zeros<float>(expected.Length, "y");
        Shapes.Concat(Stream, av, bv, y, n);
        Assert.That(PaddedViews.Down(y), Is.EqualTo(expected), "concat");

        var a2 = v.Zeros<float>(a.Length, "a2");
        var b2 = v.Zeros<float>(b.Length, "b2");
        Shapes.Split(Stream, y, a2, b2, n);
        Assert.That(PaddedViews.Down(a2), Is.EqualTo(a), "split a");
        Assert.That(PaddedViews.Down(b2), Is.EqualTo(b), "split b");

        // Backward accumulates: concat's backward adds dy's parts; split's backward adds [da | db].
        Shapes.ConcatBackward(Stream, y, a2, b2, n);
        Assert.That(PaddedViews.Down(a2), Is.EqualTo(a.Select(x => x + x).ToArray()), "concat backward da");
        Assert.That(PaddedViews.Down(b2), Is.EqualTo(b.Select(x => x + x).ToArray()), "concat backward db");
        Shapes.SplitBackward(Stream, av, bv, y, n);
        Assert.That(PaddedViews.Down(y), Is.EqualTo(expected.Select(x => x + x).ToArray()), "split backward dx");
    }

    [TestCase(1, 1)]
    [TestCase(7, 5)]
    [TestCase(257, 10)]
    public void OneHot(int n, int k)
    {
        var rng = new Random(n);
        var labels = Enumerable.Range(0, n).Select(_ => rng.Next(k)).ToArray();
        using var v = new PaddedViews(Acc);
        var lab = v.Up(labels, "labels");
        var y = v.Up(Reference.Random(n * k, 3), "y"); // overwritten
        var status = v.Zeros<int>(1, "status");
        Shapes.OneHot(Stream, lab, y, status, k);
        var expected = new float[n * k];
        for (int r = 0; r < n; r++) expected[r * k + labels[r]] = 1f;
        Assert.That(PaddedViews.Down(y), Is.EqualTo(expected));
        Assert.DoesNotThrow(() => LabelStatus.ThrowIfInvalid(Stream, status, lab, k, "OneHot"));
    }

    [TestCase(-1)]
    [TestCase(4)]
    public void OneHotFlagsALabelOutsideTheClasses(int bad)
    {
        using var v = new PaddedViews(Acc);
        var lab = v.Up(new[] { 0, 3, bad, 1 }, "labels");
        var y = v.Zeros<float>(16, "y");
        var status = v.Zeros<int>(1, "status");
        Shapes.OneHot(Stream, lab, y, status, 4);
        var ex = Assert.Throws<ArgumentException>(() => LabelStatus.ThrowIfInvalid(Stream, status, lab, 4, "OneHot"));
        Assert.That(ex!.Message, Does.Contain("OneHot").And.Contain($"label {bad}").And.Contain("row 2").And.Contain("[0, 4)").And.Contain("labels"));
        Assert.That(PaddedViews.Down(y).Skip(8).Take(4), Is.All.EqualTo(0f), "the bad row stays zero");
    }

    [TestCase(1, 1, 1, 1)]
    [TestCase(3, 10, 7, 5)]
    [TestCase(2, 3, 28, 28)]
    public void ExpandToChannelsAndBackward(int n, int k, int h, int w)
    {
        var x = Reference.Random(n * k, 4);
        var dy = Reference.Random(n * k * h * w, 5);
        var dv0 = Reference.Random(n * k, 6);
        using var v = new PaddedViews(Acc);
        var y = v.Zeros<float>(n * k * h * w, "y");
        Shapes.ExpandToChannels(Stream, v.Up(x, "v"), y, h, w);
        Assert.That(PaddedViews.Down(y), Is.EqualTo(Enumerable.Range(0, y.Length).Select(i => x[i / (h * w)]).ToArray()));
        var dv = v.Up(dv0, "dv");
        Shapes.ExpandToChannelsBackward(Stream, v.Up(dy, "dy"), dv, h, w);
        var expected = new double[n * k];
        var mag = new double[n * k];
        for (int i = 0; i < expected.Length; i++)
        {
            expected[i] = dv0[i];
            for (int s = 0; s < h * w; s++) { expected[i] += dy[i * h * w + s]; mag[i] += Math.Abs(dy[i * h * w + s]); }
        }
        Reference.AssertClose(PaddedViews.Down(dv), expected, i => 1e-6 + 1e-6 * mag[i], "expand backward");
    }
}
