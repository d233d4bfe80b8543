using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Kernels;

/// <summary>
/// Optimizer steps on every backend against double references over several steps (odd lengths, sub-views).
/// Tolerance 1e-6 + 1e-5·|ref| on parameters and state: each step is a few float operations per element
/// (Adam's bias corrections use float pow, ~1e-7 relative).
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.KernelBackends))]
public sealed class OptimizerConformanceTests(string backend) : DeviceFixture(backend)
{
    private const int Steps = 4;

    private static void Close(float[] got, double[] expected, string what) =>
        Reference.AssertClose(got, expected, i => 1e-6 + 1e-5 * Math.Abs(expected[i]), what);

    [TestCase(1, 0f, 0f, false)]
    [TestCase(7, 0.9f, 0.01f, false)]
    [TestCase(1031, 0.8f, 0f, true)]
    public void Sgd(int n, float momentum, float wd, bool nesterov)
    {
        const float lr = 0.1f;
        var p = Reference.Random(n, 1).Select(x => (double)x).ToArray();
        var buf = new double[n];
        using var v = new PaddedViews(Acc);
        var pv = v.Up(p.Select(x => (float)x).ToArray(), "params");
        var bv = v.Zeros<float>(n, "momentum");
        for (int s = 0; s < Steps; s++)
        {
            var g = Reference.Random(n, 10 + s);
            OptimizerSteps.Sgd(Stream, pv, v.Up(g, "grads"), bv, lr, momentum, wd, nesterov);
            for (int i = 0; i < n; i++)
            {
                double d = g[i] + wd * p[i];
                if (momentum != 0)
                {
                    buf[i] = momentum * buf[i] + d;
                    d = nesterov ? d + momentum * buf[i] : buf[i];
                }
                p[i] -= lr * d;
            }
        }
        Close(PaddedViews.Down(pv), p, "SGD params");
        if (momentum != 0) Close(PaddedViews.Down(bv), buf, "SGD momentum");
    }

    [TestCase(1, false)]
    [TestCase(13, false)]
    [TestCase(1031, true)]
    public void AdamAndAdamW(int n, bool decoupled)
    {
        const float lr = 0.01f, b1 = 0.9f, b2 = 0.99f, eps = 1e-8f, wd = 0.1f;
        var p = Reference.Random(n, 2).Select(x => (double)x).ToArray();
        var m = new double[n];
        var u = new double[n];
        using var v = new PaddedViews(Acc);
        var pv = v.Up(p.Select(x => (float)x).ToArray(), "params");
        var mv = v.Zeros<float>(n, "m");
        var uv = v.Zeros<float>(n, "v");
        var step = v.Zeros<int>(OptimizerSteps.AdamStateLength, "step");
        for (int t = 1; t <= Steps; t++)
        {
            var g = Reference.Random(n, 20 + t);
            if (decoupled) OptimizerSteps.AdamW(Stream, pv, v.Up(g, "grads"), mv, uv, step, lr, b1, b2, eps, wd);
            else OptimizerSteps.Adam(Stream, pv, v.Up(g, "grads"), mv, uv, step, lr, b1, b2, eps, wd);
            for (int i = 0; i < n; i++)
            {
                double gi = g[i];
                if (decoupled) p[i] *= 1 - lr * wd;
                else gi += wd * p[i];
                m[i] = b1 * m[i] + (1 - b1) * gi;
                u[i] = b2 * u[i] + (1 - b2) * gi * gi;
                double denom = Math.Sqrt(u[i]) / Math.Sqrt(1 - Math.Pow(b2, t)) + eps;
                p[i] -= lr / (1 - Math.Pow(b1, t)) * m[i] / denom;
            }
        }
        Assert.That(PaddedViews.Down(step)[0], Is.EqualTo(Steps), "device step counter");
        Close(PaddedViews.Down(pv), p, "Adam params");
        Close(PaddedViews.Down(mv), m, "Adam m");
        Close(PaddedViews.Down(uv), u, "Adam v");
    }

    [Test]
    public void ClipWeights()
    {
        var p = Reference.Random(101, 3, -0.05f, 0.05f);
        using var v = new PaddedViews(Acc);
        var pv = v.Up(p, "critic");
        OptimizerSteps.ClipWeights(Stream, pv, 0.01f);
        Assert.That(PaddedViews.Down(pv), Is.EqualTo(p.Select(x => Math.Clamp(x, -0.01f, 0.01f)).ToArray()));
    }

    [TestCase(1, 0f)]
    [TestCase(13, 0.5f)]
    [TestCase(1031, 0.999f)]
    public void AverageParametersFollowsTheParameters(int n, float decay)
    {
        var avg = Reference.Random(n, 5).Select(x => (double)x).ToArray();
        using var v = new PaddedViews(Acc);
        var av = v.Up(avg.Select(x => (float)x).ToArray(), "average");
        for (int s = 0; s < Steps; s++)
        {
            var p = Reference.Random(n, 30 + s);
            OptimizerSteps.AverageParameters(Stream, av, v.Up(p, "params"), decay);
            for (int i = 0; i < n; i++) avg[i] += (1 - (double)decay) * (p[i] - avg[i]);
        }
        Close(PaddedViews.Down(av), avg, "parameter average");
    }

    [TestCase(1)]
    [TestCase(1031)]
    public void SwapExchangesTwoViews(int n)
    {
        var (a, b) = (Reference.Random(n, 6), Reference.Random(n, 7));
        using var v = new PaddedViews(Acc);
        var (av, bv) = (v.Up(a, "a"), v.Up(b, "b"));
        Elementwise.Swap(Stream, av, bv);
        Assert.That(PaddedViews.Down(av), Is.EqualTo(b));
        Assert.That(PaddedViews.Down(bv), Is.EqualTo(a));
    }

    [TestCase(1, 0.5f)]
    [TestCase(29, 1.5f)]
    [TestCase(5003, 1000f)] // no clipping: the norm is below maxNorm
    [TestCase(300_001, 10f)] // two passes of the sum of squares
    public void GlobalNormAndClipGradNorm(int n, float maxNorm)
    {
        var g = Reference.Random(n, 4, -2f, 2f);
        double norm = Math.Sqrt(g.Sum(x => (double)x * x));
        double coef = Math.Min(maxNorm / (norm + 1e-6), 1);
        using var v = new PaddedViews(Acc);
        var gv = v.Up(g, "grads");
        var nv = v.Zeros<float>(1, "norm");
        var scratch = v.Zeros<float>(OptimizerSteps.GradNormScratchLength(n), "scratch");
        OptimizerSteps.GlobalNorm(Stream, gv, nv, scratch);
        Close(PaddedViews.Down(nv), [norm], "global norm");
        OptimizerSteps.ClipGradNorm(Stream, gv, nv, scratch, maxNorm);
        Close(PaddedViews.Down(nv), [norm], "norm before clipping");
        Close(PaddedViews.Down(gv), g.Select(x => x * coef).ToArray(), "clipped gradients");
    }

    /// <summary>
    /// AddNorm keeps a running sum of weighted norms on the device (a GAN player's gradient norm per epoch): two calls
    /// add w₁‖g₁‖ + w₂‖g₂‖ to what the target held, and leave the gradients as they were.
    /// </summary>
    [TestCase(29)]
    [TestCase(300_001)]
    public void AddNormAccumulatesWeightedNorms(int n)
    {
        var g1 = Reference.Random(n, 5, -2f, 2f);
        var g2 = Reference.Random(n, 6, -0.5f, 0.5f);
        double Norm(float[] g) => Math.Sqrt(g.Sum(x => (double)x * x));
        using var v = new PaddedViews(Acc);
        var a = v.Up(g1, "grads 1");
        var b = v.Up(g2, "grads 2");
        var sum = v.Up([1.5f], "running sum");
        var scratch = v.Zeros<float>(OptimizerSteps.GradNormScratchLength(n), "scratch");
        OptimizerSteps.AddNorm(Stream, a, sum, scratch);
        OptimizerSteps.AddNorm(Stream, b, sum, scratch, 4f);
        Close(PaddedViews.Down(sum), [1.5 + Norm(g1) + 4 * Norm(g2)], "running sum of norms");
        Close(PaddedViews.Down(a), g1.Select(x => (double)x).ToArray(), "gradients untouched");
    }
}
