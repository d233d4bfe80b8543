using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Kernels;

/// <summary>
/// Every loss, penalty and shape-op gradient against central finite differences of the double reference
/// value (<see cref="GradCheck"/>), on the CPU: L(x) = gradScale·loss(x), so GradCheck's dy is [gradScale].
/// </summary>
public sealed class LossGradCheckTests
{
    private Accelerator _acc = null!;

    [OneTimeSetUp] public void Open() => _acc = TestDevices.Context.GetDevice("cpu").CreateAccelerator();

    [OneTimeTearDown] public void Close() => _acc.Dispose();

    private static double[] D(float[] v) => v.Select(x => (double)x).ToArray();

    private static void Check(float[] analytic, Func<double[], double> loss, float[] at, float gradScale, string what) =>
        GradCheck.AssertMatches(analytic, GradCheck.Numeric(x => [loss(x)], D(at), [gradScale]), what);

    private (float[] Grad, ArrayView<float> Loss) Pair(PaddedViews v, float[] x, float[] t, Action<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>> op)
    {
        var loss = v.Zeros<float>(1, "loss");
        var grad = v.Zeros<float>(x.Length, "grad");
        op(v.Up(x, "x"), v.Up(t, "t"), loss, grad, v.Zeros<float>(Loss.ElementwiseScratchLength(x.Length), "scratch"));
        return (PaddedViews.Down(grad), loss);
    }

    [TestCase(LossReduction.Mean)]
    [TestCase(LossReduction.Sum)]
    public void Mse(LossReduction red)
    {
        var x = Reference.Random(23, 1, -2f, 2f);
        var t = Reference.Random(23, 2, -2f, 2f);
        using var v = new PaddedViews(_acc);
        var (grad, _) = Pair(v, x, t, (a, b, l, g, s) => Loss.Mse(_acc.DefaultStream, a, b, l, g, s, red, 1.5f));
        Check(grad, p => LossReference.Mse(p, D(t), red == LossReduction.Mean, 1, out _), x, 1.5f, "MSE");
    }

    [TestCase(LossReduction.Mean)]
    [TestCase(LossReduction.Sum)]
    public void BinaryCrossEntropy(LossReduction red)
    {
        var x = Reference.Random(23, 3, 0.05f, 0.95f);
        var t = Reference.Random(23, 4, 0f, 1f);
        using var v = new PaddedViews(_acc);
        var (grad, _) = Pair(v, x, t, (a, b, l, g, s) => Loss.BinaryCrossEntropy(_acc.DefaultStream, a, b, l, g, s, red, 0.75f));
        Check(grad, p => LossReference.Bce(p, D(t), red == LossReduction.Mean, 1, out _), x, 0.75f, "BCE");
    }

    [TestCase(LossReduction.Mean)]
    [TestCase(LossReduction.Sum)]
    public void BinaryCrossEntropyWithLogits(LossReduction red)
    {
        var x = Reference.Random(23, 5, -6f, 6f);
        var t = Reference.Random(23, 6, 0f, 1f);
        using var v = new PaddedViews(_acc);
        var (grad, _) = Pair(v, x, t, (a, b, l, g, s) => Loss.BinaryCrossEntropyWithLogits(_acc.DefaultStream, a, b, l, g, s, red, 2f));
        Check(grad, p => LossReference.BceLogits(p, D(t), red == LossReduction.Mean, 1, out _), x, 2f, "BCE with logits");
    }

    [TestCase(LossReduction.Mean)]
    [TestCase(LossReduction.Sum)]
    public void CrossEntropy(LossReduction red)
    {
        const int n = 5, c = 7;
        var z = Reference.Random(n * c, 7, -4f, 4f);
        int[] labels = [3, 0, 6, 6, 2];
        using var v = new PaddedViews(_acc);
        var grad = v.Zeros<float>(n * c, "grad");
        Loss.CrossEntropy(_acc.DefaultStream, v.Up(z, "z"), v.Up(labels, "labels"), v.Zeros<float>(1, "loss"), grad,
            v.Zeros<float>(Loss.CrossEntropyScratchLength(n), "scratch"), v.Zeros<int>(1, "status"), c, red, 1.25f);
        Check(PaddedViews.Down(grad), p => LossReference.CrossEntropy(p, labels, c, red == LossReduction.Mean, 1, out _), z, 1.25f, "CE");
    }

    [TestCase(LossReduction.Mean)]
    [TestCase(LossReduction.Sum)]
    public void GaussianKl(LossReduction red)
    {
        const int n = 3, d = 5;
        var mu = Reference.Random(n * d, 8, -2f, 2f);
        var lv = Reference.Random(n * d, 9, -3f, 2f);
        using var v = new PaddedViews(_acc);
        var gm = v.Zeros<float>(n * d, "dmu");
        var gl = v.Zeros<float>(n * d, "dlogvar");
        Loss.GaussianKl(_acc.DefaultStream, v.Up(mu, "mu"), v.Up(lv, "logvar"), v.Zeros<float>(1, "loss"), gm, gl,
            v.Zeros<float>(Loss.ElementwiseScratchLength(n * d), "scratch"), n, red, 0.5f);
        bool mean = red == LossReduction.Mean;
        Check(PaddedViews.Down(gm), p => LossReference.GaussianKl(p, D(lv), n, mean, 1, out _, out _), mu, 0.5f, "KL dmu");
        Check(PaddedViews.Down(gl), p => LossReference.GaussianKl(D(mu), p, n, mean, 1, out _, out _), lv, 0.5f, "KL dlogvar");
    }

    [Test]
    public void L1Penalty()
    {
        // Away from 0, where |h| has no derivative.
        var h = Reference.Random(21, 10, -2f, 2f).Select(x => MathF.Abs(x) < 0.01f ? x + 0.05f : x).ToArray();
        using var v = new PaddedViews(_acc);
        var grad = v.Zeros<float>(h.Length, "grad");
        Loss.L1Penalty(_acc.DefaultStream, v.Up(h, "h"), v.Zeros<float>(1, "loss"), grad,
            v.Zeros<float>(Loss.ElementwiseScratchLength(h.Length), "scratch"), 3, 0.3f, LossReduction.Mean, 2f);
        Check(PaddedViews.Down(grad), p => LossReference.L1(p, 3, 0.3, true, 1, out _), h, 2f, "L1");
    }

    [Test]
    public void SparsityPenalty()
    {
        var h = Reference.Random(5 * 7, 11, 0.05f, 0.95f);
        using var v = new PaddedViews(_acc);
        var grad = v.Zeros<float>(h.Length, "grad");
        Loss.SparsityPenalty(_acc.DefaultStream, v.Up(h, "h"), v.Zeros<float>(1, "loss"), grad,
            v.Zeros<float>(Loss.SparsityScratchLength(7), "scratch"), 5, 0.1f, 3f, 1.5f);
        Check(PaddedViews.Down(grad), p => LossReference.Sparsity(p, 5, 0.1, 3, 1, out _), h, 1.5f, "sparsity");
    }

    [Test]
    public void ContractivePenalty()
    {
        const int n = 4, hidden = 5, inputs = 3;
        var h = Reference.Random(n * hidden, 12, 0.05f, 0.95f);
        var w = Reference.Random(hidden * inputs, 13);
        using var v = new PaddedViews(_acc);
        var gh = v.Zeros<float>(h.Length, "dh");
        var gw = v.Zeros<float>(w.Length, "dW");
        Loss.ContractivePenalty(_acc.DefaultStream, v.Up(h, "h"), v.Up(w, "W"), v.Zeros<float>(1, "loss"), gh, gw,
            v.Zeros<float>(Loss.ContractiveScratchLength(hidden), "scratch"), n, 0.1f, LossReduction.Mean, 0.8f);
        Check(PaddedViews.Down(gh), p => LossReference.Contractive(p, D(w), n, 0.1, true, 1, out _, out _), h, 0.8f, "contractive dh");
        Check(PaddedViews.Down(gw), p => LossReference.Contractive(D(h), p, n, 0.1, true, 1, out _, out _), w, 0.8f, "contractive dW");
    }

    [Test]
    public void ContractiveGradientsComposeThroughTheSigmoidEncoder()
    {
        // The documented use: dh goes back through the sigmoid (dz = dh·h(1 − h)) and then to W through x;
        // with W's direct term that must be the total derivative of λ‖J‖² w.r.t. W for h = σ(Wx).
        const int n = 3, hidden = 4, inputs = 2;
        var x = Reference.Random(n * inputs, 14, -1.5f, 1.5f);
        var w = Reference.Random(hidden * inputs, 15);
        double[] Encode(double[] wd)
        {
            var hd = new double[n * hidden];
            for (int r = 0; r < n; r++)
                for (int j = 0; j < hidden; j++)
                {
                    double z = 0;
                    for (int i = 0; i < inputs; i++) z += wd[j * inputs + i] * x[r * inputs + i];
                    hd[r * hidden + j] = 1 / (1 + Math.Exp(-z));
                }
            return hd;
        }
        var h = Encode(D(w)).Select(e => (float)e).ToArray();
        using var v = new PaddedViews(_acc);
        var gh = v.Zeros<float>(h.Length, "dh");
        var gw = v.Zeros<float>(w.Length, "dW");
        Loss.ContractivePenalty(_acc.DefaultStream, v.Up(h, "h"), v.Up(w, "W"), v.Zeros<float>(1, "loss"), gh, gw,
            v.Zeros<float>(Loss.ContractiveScratchLength(hidden), "scratch"), n, 0.1f);
        var dh = PaddedViews.Down(gh);
        var total = PaddedViews.Down(gw);
        for (int r = 0; r < n; r++)
            for (int j = 0; j < hidden; j++)
            {
                float dz = dh[r * hidden + j] * h[r * hidden + j] * (1 - h[r * hidden + j]);
                for (int i = 0; i < inputs; i++) total[j * inputs + i] += dz * x[r * inputs + i];
            }
        Check(total, p => LossReference.Contractive(Encode(p), p, n, 0.1, true, 1, out _, out _), w, 1f, "contractive total dW");
    }

    [Test]
    public void ConcatAndSplitBackward()
    {
        const int n = 3, sa = 4, sb = 2;
        var dy = Reference.Random(n * (sa + sb), 16);
        var a = Reference.Random(n * sa, 17);
        var b = Reference.Random(n * sb, 18);
        double[] Cat(double[] av, double[] bv) => Enumerable.Range(0, n).SelectMany(r => av.Skip(r * sa).Take(sa).Concat(bv.Skip(r * sb).Take(sb))).ToArray();
        using var v = new PaddedViews(_acc);
        var da = v.Zeros<float>(a.Length, "da");
        var db = v.Zeros<float>(b.Length, "db");
        Shapes.ConcatBackward(_acc.DefaultStream, v.Up(dy, "dy"), da, db, n);
        GradCheck.AssertMatches(PaddedViews.Down(da), GradCheck.Numeric(p => Cat(p, D(b)), D(a), D(dy)), "concat da");
        GradCheck.AssertMatches(PaddedViews.Down(db), GradCheck.Numeric(p => Cat(D(a), p), D(b), D(dy)), "concat db");
        var x = Reference.Random(n * (sa + sb), 19);
        var dx = v.Zeros<float>(x.Length, "dx");
        Shapes.SplitBackward(_acc.DefaultStream, v.Up(a, "da2"), v.Up(b, "db2"), dx, n);
        double[] SplitDot(double[] xv) // L = Σ da·x_a + Σ db·x_b
        {
            double s = 0;
            for (int r = 0; r < n; r++)
                for (int k = 0; k < sa + sb; k++)
                    s += xv[r * (sa + sb) + k] * (k < sa ? a[r * sa + k] : b[r * sb + k - sa]);
            return [s];
        }
        GradCheck.AssertMatches(PaddedViews.Down(dx), GradCheck.Numeric(SplitDot, D(x), [1.0]), "split dx");
    }

    [Test]
    public void ExpandToChannelsBackward()
    {
        const int nk = 6, hw = 5 * 3;
        var dy = Reference.Random(nk * hw, 20);
        var x = Reference.Random(nk, 21);
        using var v = new PaddedViews(_acc);
        var dv = v.Zeros<float>(nk, "dv");
        Shapes.ExpandToChannelsBackward(_acc.DefaultStream, v.Up(dy, "dy"), dv, 5, 3);
        GradCheck.AssertMatches(PaddedViews.Down(dv),
            GradCheck.Numeric(p => Enumerable.Range(0, nk * hw).Select(i => p[i / hw]).ToArray(), D(x), D(dy)), "expand dv");
    }
}
