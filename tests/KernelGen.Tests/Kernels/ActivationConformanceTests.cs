using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Kernels;

/// <summary>
/// Activations and their backward on every backend against double-precision references.
/// Tolerance: |got - ref| &lt;= 1e-6 + 1e-5·|ref|: float transcendental functions are within a few ulp
/// (~1e-7 relative) on every backend; an indexing or formula error is orders of magnitude larger.
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.KernelBackends))]
public sealed class ActivationConformanceTests(string backend) : DeviceFixture(backend)
{
    private static readonly int[] Sizes = [1, 7, 256, 1031, 100003];

    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var name in new[] { "relu", "leaky", "sigmoid", "tanh" })
            foreach (var n in Sizes)
                yield return new TestCaseData(name, n).SetName($"{name}(n={n})");
    }

    [TestCaseSource(nameof(Cases))]
    public void ForwardAndBackwardMatchReference(string name, int n)
    {
        const int pad = 3; // views start at an offset inside their buffers
        var x = Reference.Random(n + pad, seed: n, lo: -6f, hi: 6f);
        x[pad] = 0f; // the kink of ReLU-like functions
        var dy = Reference.Random(n + pad, seed: n + 1);
        var dx0 = Reference.Random(n + pad, seed: n + 2);
        using var xb = Acc.Allocate<float>(x, "x");
        using var yb = Acc.Allocate<float>(n + pad, "y");
        yb.Zero(); // new device memory is undefined; the padding must stay as written here
        using var dyb = Acc.Allocate<float>(dy, "dy");
        using var dxb = Acc.Allocate<float>(dx0, "dx");
        var xv = xb.View.SubView(pad, n);
        var yv = yb.View.SubView(pad, n);
        var dyv = dyb.View.SubView(pad, n);
        var dxv = dxb.View.SubView(pad, n);
        var s = Stream;
        const float slope = 0.2f;
        Func<double, double> f;
        Func<double, double> df; // derivative expressed through y, as the kernels compute it
        switch (name)
        {
            case "relu":
                s.Launch(ActivationKernels.ReluKernel, n, xv, yv);
                s.Launch(ActivationKernels.ReluBackwardKernel, n, yv, dyv, dxv);
                f = v => Math.Max(v, 0); df = y => y > 0 ? 1 : 0;
                break;
            case "leaky":
                s.Launch(ActivationKernels.LeakyReluKernel, n, xv, yv, slope);
                s.Launch(ActivationKernels.LeakyReluBackwardKernel, n, yv, dyv, dxv, slope);
                f = v => v > 0 ? v : slope * v; df = y => y > 0 ? 1 : slope;
                break;
            case "sigmoid":
                s.Launch(ActivationKernels.SigmoidKernel, n, xv, yv);
                s.Launch(ActivationKernels.SigmoidBackwardKernel, n, yv, dyv, dxv);
                f = v => 1 / (1 + Math.Exp(-v)); df = y => y * (1 - y);
                break;
            default:
                s.Launch(ActivationKernels.TanhKernel, n, xv, yv);
                s.Launch(ActivationKernels.TanhBackwardKernel, n, yv, dyv, dxv);
                f = Math.Tanh; df = y => 1 - y * y;
                break;
        }
        var y = yb.ToArray();
        var dx = dxb.ToArray();
        var yRef = new double[n];
        var dxRef = new double[n];
        for (int i = 0; i < n; i++)
        {
            yRef[i] = f(x[pad + i]);
            dxRef[i] = dx0[pad + i] + dy[pad + i] * df(y[pad + i]);
        }
        Reference.AssertClose(y.AsSpan(pad), yRef, i => 1e-6 + 1e-5 * Math.Abs(yRef[i]), $"{name} forward");
        Reference.AssertClose(dx.AsSpan(pad), dxRef, i => 1e-6 + 1e-5 * Math.Abs(dxRef[i]), $"{name} backward");
        Assert.That(y.AsSpan(0, pad).ToArray(), Is.All.EqualTo(0f), "elements before the view were written");
    }

    [Test]
    public void ForwardRunsInPlace()
    {
        var x = Reference.Random(1031, 5, -3f, 3f);
        using var b = Acc.Allocate<float>(x, "inplace");
        Stream.Launch(ActivationKernels.TanhKernel, x.Length, b.View, b.View);
        var expected = x.Select(v => Math.Tanh(v)).ToArray();
        Reference.AssertClose(b.ToArray(), expected, i => 1e-6 + 1e-5 * Math.Abs(expected[i]), "tanh in place");
    }

    [Test]
    public void SigmoidSaturatesWithoutOverflow()
    {
        float[] x = [-1000f, -88f, -20f, 0f, 20f, 88f, 1000f];
        using var xb = Acc.Allocate<float>(x, "x");
        using var yb = Acc.Allocate<float>(x.Length, "y");
        Stream.Launch(ActivationKernels.SigmoidKernel, x.Length, xb, yb);
        var y = yb.ToArray();
        Assert.That(y, Is.All.Not.NaN);
        Assert.That(y[0], Is.EqualTo(0f).Within(1e-30));
        Assert.That(y[^1], Is.EqualTo(1f));
        Assert.That(y[3], Is.EqualTo(0.5f));
    }
}
