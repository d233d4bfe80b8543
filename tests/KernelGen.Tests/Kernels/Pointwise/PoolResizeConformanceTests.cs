using KernelGen.Kernels;
using KernelGen.Tests.Support;
using static KernelGen.Tests.Kernels.Pointwise.PointwiseReference;

namespace KernelGen.Tests.Kernels.Pointwise;

/// <summary>
/// Pooling and upsampling, forward and backward, on every backend against double references on odd shapes
/// (batch 1, prime channels, odd H/W, strides that do not divide the input, overlapping windows).
/// Tolerance 1e-5 + 1e-5·|ref|: each output sums at most k² (or 4) float terms. Max pooling is exact (inputs
/// are distinct, so no ties; NaNs propagate as PyTorch's), and its backward sums at most ⌈k/s⌉² gradients. Backward ops accumulate into a
/// non-zero dx.
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.KernelBackends))]
public sealed class PoolResizeConformanceTests(string backend) : DeviceFixture(backend)
{
    private static double Tol(double r) => 1e-5 + 1e-5 * Math.Abs(r);

    // n, c, h, w, kernel, stride, padding
    public static readonly object[] PoolShapes =
    [
        new object[] { 1, 1, 1, 1, 1, 1, 0 },
        new object[] { 1, 3, 7, 5, 2, 2, 0 },
        new object[] { 2, 3, 7, 9, 3, 2, 1 },
        new object[] { 3, 2, 11, 6, 3, 1, 1 },
        new object[] { 1, 5, 13, 13, 5, 3, 2 },
        new object[] { 2, 1, 4, 17, 4, 3, 2 },
    ];

    [TestCaseSource(nameof(PoolShapes))]
    public void MaxPool(int n, int c, int h, int w, int k, int s, int p)
    {
        var r = MaxPoolBothWays(Distinct(n * c * h * w, 1 + h), 2, n, c, h, w, k, s, p);
        Assert.That(r.Y, Is.EqualTo(r.YRef.Select(v => (float)v).ToArray()), "max pool forward");
        Reference.AssertClose(r.Dx, r.DxRef, i => Tol(r.DxRef[i]), "max pool backward");
    }

    /// <summary>
    /// NaNs scattered over the input (some windows hold several, some overlap): every window holding one gives NaN
    /// and records its last NaN in row-major order, as PyTorch's <c>val &gt; maxval || isnan(val)</c>; the other
    /// outputs stay exact and the backward routes each gradient to the recorded index.
    /// </summary>
    [TestCaseSource(nameof(PoolShapes))]
    public void MaxPoolPropagatesNaN(int n, int c, int h, int w, int k, int s, int p)
    {
        var x = Distinct(n * c * h * w, 4 + h);
        for (int i = 0; i < x.Length; i += 5) x[i] = float.NaN;
        var r = MaxPoolBothWays(x, 5, n, c, h, w, k, s, p);
        Assert.That(r.Y.Select(float.IsNaN), Is.EqualTo(r.YRef.Select(double.IsNaN)), "which outputs are NaN");
        Assert.That(r.Y, Is.EqualTo(r.YRef.Select(v => (float)v).ToArray()), "max pool forward");
        Assert.That(r.Argmax, Is.EqualTo(r.ArgRef.Select(a => a % (h * w)).ToArray()), "argmax (the last NaN of a window)");
        Reference.AssertClose(r.Dx, r.DxRef, i => Tol(r.DxRef[i]), "max pool backward");
    }

    /// <summary>Max pooling forward and backward on the device and in the double reference (dy and dx₀ seeded from <paramref name="seed"/>).</summary>
    private (float[] Y, int[] Argmax, float[] Dx, double[] YRef, int[] ArgRef, double[] DxRef) MaxPoolBothWays(float[] x, int seed,
        int n, int c, int h, int w, int k, int s, int p)
    {
        int planes = n * c, oh = OutSize(h, k, s, p), ow = OutSize(w, k, s, p);
        var dy = Reference.Random(planes * oh * ow, seed);
        var dx0 = Reference.Random(x.Length, seed + 1);
        using var xb = Acc.Allocate<float>(x, "x");
        using var yb = Acc.Allocate<float>(dy.Length, "y");
        using var ab = Acc.Allocate<int>(dy.Length, "argmax");
        using var dyb = Acc.Allocate<float>(dy, "dy");
        using var dxb = Acc.Allocate<float>(dx0, "dx");
        Pool.MaxPool2D(Stream, xb, yb, ab, n, c, h, w, k, s, p);
        Pool.MaxPool2DBackward(Stream, dyb, ab, dxb, n, c, h, w, k, s, p);
        var (yRef, arg) = PointwiseReference.MaxPool(D(x), planes, h, w, k, s, p);
        var dxRef = D(dx0);
        for (int o = 0; o < arg.Length; o++) dxRef[arg[o]] += dy[o];
        return (yb.ToArray(), ab.ToArray(), dxb.ToArray(), yRef, arg, dxRef);
    }

    /// <summary>PyTorch's rule on one 2×2 window [NaN, 1; NaN, 3]: y = NaN from the second NaN (index 2), not the first.</summary>
    [Test]
    public void MaxPoolTakesTheLastNaNOfAWindow()
    {
        using var xb = Acc.Allocate<float>([float.NaN, 1f, float.NaN, 3f], "x");
        using var yb = Acc.Allocate<float>(1, "y");
        using var ab = Acc.Allocate<int>(1, "argmax");
        using var dyb = Acc.Allocate<float>([0.5f], "dy");
        using var dxb = Acc.Allocate<float>(new float[4], "dx");
        Pool.MaxPool2D(Stream, xb, yb, ab, 1, 1, 2, 2, 2, 2, 0);
        Pool.MaxPool2DBackward(Stream, dyb, ab, dxb, 1, 1, 2, 2, 2, 2, 0);
        Assert.That(float.IsNaN(yb.ToArray()[0]), "y is NaN");
        Assert.That(ab.ToArray(), Is.EqualTo(new[] { 2 }), "argmax");
        Assert.That(dxb.ToArray(), Is.EqualTo(new[] { 0f, 0f, 0.5f, 0f }), "dx");
    }

    [TestCaseSource(nameof(PoolShapes))]
    public void AvgPool(int n, int c, int h, int w, int k, int s, int p)
    {
        foreach (bool include in new[] { true, false })
        {
            int planes = n * c, oh = OutSize(h, k, s, p), ow = OutSize(w, k, s, p);
            var x = Reference.Random(planes * h * w, 4);
            var dy = Reference.Random(planes * oh * ow, 5);
            var dx0 = Reference.Random(x.Length, 6);
            using var xb = Acc.Allocate<float>(x, "x");
            using var yb = Acc.Allocate<float>(dy.Length, "y");
            using var dyb = Acc.Allocate<float>(dy, "dy");
            using var dxb = Acc.Allocate<float>(dx0, "dx");
            Pool.AvgPool2D(Stream, xb, yb, n, c, h, w, k, s, p, include);
            Pool.AvgPool2DBackward(Stream, dyb, dxb, n, c, h, w, k, s, p, include);
            Action<Term> terms = t => AvgPoolTerms(planes, h, w, k, s, p, include, t);
            var yRef = Apply(terms, D(x), dy.Length);
            var dxRef = Adjoint(terms, D(dy), x.Length).Select((v, i) => v + dx0[i]).ToArray();
            Reference.AssertClose(yb.ToArray(), yRef, i => Tol(yRef[i]), $"avg pool forward (count_include_pad={include})");
            Reference.AssertClose(dxb.ToArray(), dxRef, i => Tol(dxRef[i]), $"avg pool backward (count_include_pad={include})");
        }
    }

    [TestCase(1, 1, 1, 1, 1, 1)]
    [TestCase(1, 3, 5, 7, 2, 2)]
    [TestCase(2, 2, 3, 4, 3, 1)]
    [TestCase(1, 1, 1, 9, 1, 5)]
    public void Nearest(int n, int c, int h, int w, int sh, int sw)
    {
        int planes = n * c, outputs = planes * h * sh * w * sw;
        var x = Reference.Random(planes * h * w, 7);
        var dy = Reference.Random(outputs, 8);
        var dx0 = Reference.Random(x.Length, 9);
        using var xb = Acc.Allocate<float>(x, "x");
        using var yb = Acc.Allocate<float>(outputs, "y");
        using var dyb = Acc.Allocate<float>(dy, "dy");
        using var dxb = Acc.Allocate<float>(dx0, "dx");
        Resize.Nearest(Stream, xb, yb, n, c, h, w, sh, sw);
        Resize.NearestBackward(Stream, dyb, dxb, n, c, h, w, sh, sw);
        Action<Term> terms = t => NearestTerms(planes, h, w, sh, sw, t);
        var yRef = Apply(terms, D(x), outputs);
        var dxRef = Adjoint(terms, D(dy), x.Length).Select((v, i) => v + dx0[i]).ToArray();
        Assert.That(yb.ToArray(), Is.EqualTo(yRef.Select(v => (float)v).ToArray()), "nearest forward");
        Reference.AssertClose(dxb.ToArray(), dxRef, i => Tol(dxRef[i]), "nearest backward");
    }

    [TestCase(1, 1, 1, 1, 2, 2)]
    [TestCase(1, 3, 5, 7, 10, 14)]
    [TestCase(2, 2, 3, 4, 9, 12)]
    [TestCase(1, 2, 7, 5, 11, 13)]
    [TestCase(1, 1, 9, 8, 4, 3)]
    public void Bilinear(int n, int c, int h, int w, int oh, int ow)
    {
        int planes = n * c, outputs = planes * oh * ow;
        var x = Reference.Random(planes * h * w, 10);
        var dy = Reference.Random(outputs, 11);
        var dx0 = Reference.Random(x.Length, 12);
        using var xb = Acc.Allocate<float>(x, "x");
        using var yb = Acc.Allocate<float>(outputs, "y");
        using var dyb = Acc.Allocate<float>(dy, "dy");
        using var dxb = Acc.Allocate<float>(dx0, "dx");
        Resize.Bilinear(Stream, xb, yb, n, c, h, w, oh, ow);
        Resize.BilinearBackward(Stream, dyb, dxb, n, c, h, w, oh, ow);
        Action<Term> terms = t => BilinearTerms(planes, h, w, oh, ow, t);
        var yRef = Apply(terms, D(x), outputs);
        var dxRef = Adjoint(terms, D(dy), x.Length).Select((v, i) => v + dx0[i]).ToArray();
        Reference.AssertClose(yb.ToArray(), yRef, i => Tol(yRef[i]), "bilinear forward");
        Reference.AssertClose(dxb.ToArray(), dxRef, i => Tol(dxRef[i]), "bilinear backward");
    }
}
