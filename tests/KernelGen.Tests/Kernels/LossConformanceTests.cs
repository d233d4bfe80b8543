using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Kernels;

/// <summary>
/// Losses and penalties on every backend against double references, on odd shapes (batch 1, primes, more
/// than one partial of the sum), on sub-views, with gradients accumulated onto non-zero values.
/// Tolerances: loss |got − ref| ≤ 1e-6 + 2e-5·|ref| (all terms are non-negative, so |ref| is the magnitude
/// of the float sum); gradient ≤ 1e-5·|ref| + 1e-5·max|∂| (float exp/log within a few ulp, and the
/// cross-entropy's log-sum-exp rounding scaled by softmax).
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.KernelBackends))]
public sealed class LossConformanceTests(string backend) : DeviceFixture(backend)
{
    public static IEnumerable<TestCaseData> Shapes()
    {
        foreach (var (n, f) in new[] { (1, 1), (1, 7), (7, 13), (31, 3), (257, 13) })
            foreach (var red in new[] { LossReduction.Mean, LossReduction.Sum })
                yield return new TestCaseData(n, f, red).SetArgDisplayNames($"{n}x{f}", red.ToString());
    }

    private static double[] D(float[] v) => v.Select(x => (double)x).ToArray();

    private static void CheckLoss(float got, double expected, string what) =>
        Reference.AssertClose([got], [expected], _ => 1e-6 + 2e-5 * Math.Abs(expected), what + " loss");

    /// <summary>Initial gradient values of the size of the reference gradient, so accumulation is visible but not dominant.</summary>
    private static float[] Grad0(double[] reference, int seed)
    {
        double m = reference.Max(Math.Abs);
        return Reference.Random(reference.Length, seed).Select(v => (float)(v * m)).ToArray();
    }

    private static void CheckGrad(float[] got, float[] grad0, double[] reference, string what)
    {
        double m = reference.Max(Math.Abs);
        var expected = reference.Select((r, i) => r + grad0[i]).ToArray();
        Reference.AssertClose(got, expected, i => 1e-5 * Math.Abs(expected[i]) + 1e-5 * m + 1e-30, what + " gradient");
    }

    [TestCaseSource(nameof(Shapes))]
    public void Mse(int n, int f, LossReduction red) =>
        Pairwise("Mse", n * f, red, 1.5f, Reference.Random(n * f, 1, -2f, 2f), Reference.Random(n * f, 2, -2f, 2f),
            LossReference.Mse, Loss.Mse);

    [TestCaseSource(nameof(Shapes))]
    public void BinaryCrossEntropy(int n, int f, LossReduction red) =>
        Pairwise("BCE", n * f, red, 0.75f, Reference.Random(n * f, 3, 0.02f, 0.98f), Reference.Random(n * f, 4, 0f, 1f),
            LossReference.Bce, Loss.BinaryCrossEntropy);

    [TestCaseSource(nameof(Shapes))]
    public void BinaryCrossEntropyWithLogits(int n, int f, LossReduction red) =>
        Pairwise("BCEWithLogits", n * f, red, 2f, Reference.Random(n * f, 5, -30f, 30f), Reference.Random(n * f, 6, 0f, 1f),
            LossReference.BceLogits, Loss.BinaryCrossEntropyWithLogits);

    private delegate double RefPair(double[] x, double[] t, bool mean, double g, out double[] dx);

    private delegate void OpPair(AcceleratorStream s, ArrayView<float> x, ArrayView<float> t, ArrayView<float> loss,
        ArrayView<float> grad, ArrayView<float> scratch, LossReduction red, float gradScale, ArrayView<float> gradOutput);

    private void Pairwise(string what, int count, LossReduction red, float g, float[] x, float[] t, RefPair reference, OpPair op)
    {
        double expected = reference(D(x), D(t), red == LossReduction.Mean, g, out var dx);
        var grad0 = Grad0(dx, 7);
        using var v = new PaddedViews(Acc);
        var loss = v.Zeros<float>(1, "loss");
        var grad = v.Up(grad0, "grad");
        op(Stream, v.Up(x, "x"), v.Up(t, "t"), loss, grad, v.Zeros<float>(Loss.ElementwiseScratchLength(count), "scratch"), red, g, default);
        CheckLoss(PaddedViews.Down(loss)[0], expected, what);
        CheckGrad(PaddedViews.Down(grad), grad0, dx, what);
    }

    [TestCaseSource(nameof(Shapes))]
    public void CrossEntropy(int n, int classes, LossReduction red)
    {
        var z = Reference.Random(n * classes, 8, -8f, 8f);
        if (n > 1) z[classes] = 60f; // a large logit: the log-softmax must be max-shifted
        var rng = new Random(9);
        var labels = Enumerable.Range(0, n).Select(_ => rng.Next(classes)).ToArray();
        const float g = 1.25f;
        double expected = LossReference.CrossEntropy(D(z), labels, classes, red == LossReduction.Mean, g, out var dz);
        var grad0 = Grad0(dz, 10);
        using var v = new PaddedViews(Acc);
        var loss = v.Zeros<float>(1, "loss");
        var grad = v.Up(grad0, "grad");
        var status = v.Zeros<int>(1, "status");
        var lab = v.Up(labels, "labels");
        Loss.CrossEntropy(Stream, v.Up(z, "logits"), lab, loss, grad, v.Zeros<float>(Loss.CrossEntropyScratchLength(n), "scratch"),
            status, classes, red, g);
        CheckLoss(PaddedViews.Down(loss)[0], expected, "CE");
        CheckGrad(PaddedViews.Down(grad), grad0, dz, "CE");
        Assert.DoesNotThrow(() => LabelStatus.ThrowIfInvalid(Stream, status, lab, classes, "CrossEntropy"));
    }

    [Test]
    public void CrossEntropyFlagsALabelOutOfRange()
    {
        using var v = new PaddedViews(Acc);
        var loss = v.Zeros<float>(1, "loss");
        var status = v.Zeros<int>(1, "status");
        var labels = v.Up(new[] { 0, 2, 5, 1 }, "labels");
        Loss.CrossEntropy(Stream, v.Up(Reference.Random(12, 1), "logits"), labels, loss, default,
            v.Zeros<float>(Loss.CrossEntropyScratchLength(4), "scratch"), status, 3);
        Assert.That(PaddedViews.Down(loss)[0], Is.NaN);
        var ex = Assert.Throws<ArgumentException>(() => LabelStatus.ThrowIfInvalid(Stream, status, labels, 3, "CrossEntropy"));
        Assert.That(ex!.Message, Does.Contain("CrossEntropy").And.Contain("label 5").And.Contain("row 2").And.Contain("[0, 3)"));
        LabelStatus.Reset(Stream, status);
        Assert.DoesNotThrow(() => LabelStatus.ThrowIfInvalid(Stream, status, labels, 3, "CrossEntropy"));
    }

    [TestCaseSource(nameof(Shapes))]
    public void GaussianKl(int n, int d, LossReduction red)
    {
        var mu = Reference.Random(n * d, 11, -2f, 2f);
        var lv = Reference.Random(n * d, 12, -4f, 3f);
        const float g = 0.5f;
        double expected = LossReference.GaussianKl(D(mu), D(lv), n, red == LossReduction.Mean, g, out var dmu, out var dlv);
        var gm0 = Grad0(dmu, 13);
        var gl0 = Grad0(dlv, 14);
        using var v = new PaddedViews(Acc);
        var loss = v.Zeros<float>(1, "loss");
        var gm = v.Up(gm0, "dmu");
        var gl = v.Up(gl0, "dlogvar");
        Loss.GaussianKl(Stream, v.Up(mu, "mu"), v.Up(lv, "logvar"), loss, gm, gl,
            v.Zeros<float>(Loss.ElementwiseScratchLength(n * d), "scratch"), n, red, g);
        CheckLoss(PaddedViews.Down(loss)[0], expected, "KL");
        CheckGrad(PaddedViews.Down(gm), gm0, dmu, "KL dmu");
        CheckGrad(PaddedViews.Down(gl), gl0, dlv, "KL dlogvar");
    }

    [TestCaseSource(nameof(Shapes))]
    public void L1Penalty(int n, int h, LossReduction red)
    {
        var x = Reference.Random(n * h, 15, -3f, 3f);
        x[0] = 0f; // subgradient 0
        const float g = 2f, lambda = 0.3f;
        double expected = LossReference.L1(D(x), n, lambda, red == LossReduction.Mean, g, out var dx);
        var grad0 = Grad0(dx, 16);
        using var v = new PaddedViews(Acc);
        var loss = v.Zeros<float>(1, "loss");
        var grad = v.Up(grad0, "grad");
        Loss.L1Penalty(Stream, v.Up(x, "h"), loss, grad, v.Zeros<float>(Loss.ElementwiseScratchLength(n * h), "scratch"), n, lambda, red, g);
        CheckLoss(PaddedViews.Down(loss)[0], expected, "L1");
        CheckGrad(PaddedViews.Down(grad), grad0, dx, "L1");
    }

    [TestCaseSource(nameof(Shapes))]
    public void SparsityPenalty(int n, int h, LossReduction red)
    {
        _ = red; // the penalty has no reduction: ρ̂ is already a batch mean
        var x = Reference.Random(n * h, 17, 0.01f, 0.99f);
        const float g = 1.5f, rho = 0.05f, beta = 3f;
        double expected = LossReference.Sparsity(D(x), n, rho, beta, g, out var dx);
        var grad0 = Grad0(dx, 18);
        using var v = new PaddedViews(Acc);
        var loss = v.Zeros<float>(1, "loss");
        var grad = v.Up(grad0, "grad");
        Loss.SparsityPenalty(Stream, v.Up(x, "h"), loss, grad, v.Zeros<float>(Loss.SparsityScratchLength(h), "scratch"), n, rho, beta, g);
        CheckLoss(PaddedViews.Down(loss)[0], expected, "sparsity");
        CheckGrad(PaddedViews.Down(grad), grad0, dx, "sparsity");
    }

    [TestCaseSource(nameof(Shapes))]
    public void ContractivePenalty(int n, int h, LossReduction red)
    {
        const int inputs = 11;
        var x = Reference.Random(n * h, 19, 0.01f, 0.99f);
        var w = Reference.Random(h * inputs, 20, -1f, 1f);
        const float g = 0.8f, lambda = 0.1f;
        double expected = LossReference.Contractive(D(x), D(w), n, lambda, red == LossReduction.Mean, g, out var dh, out var dw);
        var gh0 = Grad0(dh, 21);
        var gw0 = Grad0(dw, 22);
        using var v = new PaddedViews(Acc);
        var loss = v.Zeros<float>(1, "loss");
        var gh = v.Up(gh0, "dh");
        var gw = v.Up(gw0, "dw");
        Loss.ContractivePenalty(Stream, v.Up(x, "h"), v.Up(w, "W"), loss, gh, gw,
            v.Zeros<float>(Loss.ContractiveScratchLength(h), "scratch"), n, lambda, red, g);
        CheckLoss(PaddedViews.Down(loss)[0], expected, "contractive");
        CheckGrad(PaddedViews.Down(gh), gh0, dh, "contractive dh");
        CheckGrad(PaddedViews.Down(gw), gw0, dw, "contractive dW");
    }

    public static IEnumerable<TestCaseData> GradientOnlyOps() =>
        new[] { "Mse", "BinaryCrossEntropy", "BinaryCrossEntropyWithLogits", "CrossEntropy", "GaussianKl", "L1Penalty", "SparsityPenalty", "ContractivePenalty" }
            .Select(op => new TestCaseData(op).SetArgDisplayNames(op));

    /// <summary>
    /// An empty loss with a device upstream gradient (what a graph's backward passes): the gradients are
    /// gradOutput[0]·gradScale times those of the value-and-gradient call with gradScale 1, accumulated onto
    /// non-zero values, to within the float rounding of multiplying the scales in another order (c·dy·term
    /// instead of c·term, then ·dy: a few ulp of each element); and the value's terms kernel and sum are not launched.
    /// </summary>
    [TestCaseSource(nameof(GradientOnlyOps))]
    public void EmptyLossWithGradOutputComputesTheScaledGradientOnly(string op)
    {
        const int n = 7, f = 13, inputs = 11;
        const float upstream = -1.75f, gradScale = 0.5f;
        using var v = new PaddedViews(Acc);
        var x = op switch
        {
            "BinaryCrossEntropy" or "SparsityPenalty" or "ContractivePenalty" => Reference.Random(n * f, 31, 0.02f, 0.98f),
            _ => Reference.Random(n * f, 31, -3f, 3f),
        };
        var xv = v.Up(x, "x");
        var tv = v.Up(Reference.Random(n * f, 32, 0f, 1f), "t");
        var wv = v.Up(Reference.Random(f * inputs, 33, -1f, 1f), "w");
        var rng = new Random(34);
        var labels = v.Up(Enumerable.Range(0, n).Select(_ => rng.Next(f)).ToArray(), "labels");
        var status = v.Zeros<int>(1, "status");
        var scratch = v.Zeros<float>(Math.Max(Loss.ElementwiseScratchLength(n * f), Math.Max(Loss.CrossEntropyScratchLength(n),
            Math.Max(Loss.SparsityScratchLength(f), Loss.ContractiveScratchLength(f)))), "scratch");
        var dy = v.Up([upstream], "dy");
        int second = op switch { "GaussianKl" => n * f, "ContractivePenalty" => f * inputs, _ => 0 };

        (float[] First, float[]? Second) Run(ArrayView<float> loss, float scale, ArrayView<float> gradOutput, float[] g0, float[]? g1)
        {
            var g = v.Up(g0, "g");
            var gs = g1 is null ? default : v.Up(g1, "g2");
            switch (op)
            {
                case "Mse": Loss.Mse(Stream, xv, tv, loss, g, scratch, LossReduction.Mean, scale, gradOutput); break;
                case "BinaryCrossEntropy": Loss.BinaryCrossEntropy(Stream, xv, tv, loss, g, scratch, LossReduction.Sum, scale, gradOutput); break;
                case "BinaryCrossEntropyWithLogits": Loss.BinaryCrossEntropyWithLogits(Stream, xv, tv, loss, g, scratch, LossReduction.Mean, scale, gradOutput); break;
                case "CrossEntropy": Loss.CrossEntropy(Stream, xv, labels, loss, g, scratch, status, f, LossReduction.Mean, scale, gradOutput); break;
                case "GaussianKl": Loss.GaussianKl(Stream, xv, tv, loss, g, gs, scratch, n, LossReduction.Mean, scale, gradOutput); break;
                case "L1Penalty": Loss.L1Penalty(Stream, xv, loss, g, scratch, n, 0.3f, LossReduction.Sum, scale, gradOutput); break;
                case "SparsityPenalty": Loss.SparsityPenalty(Stream, xv, loss, g, scratch, n, 0.05f, 3f, scale, gradOutput); break;
                case "ContractivePenalty": Loss.ContractivePenalty(Stream, xv, wv, loss, g, gs, scratch, n, 0.1f, LossReduction.Mean, scale, gradOutput); break;
                default: throw new ArgumentException(op);
            }
            return (PaddedViews.Down(g), g1 is null ? null : PaddedViews.Down(gs));
        }

        var (unit, unit2) = Run(v.Zeros<float>(1, "loss"), 1f, default, new float[n * f], second > 0 ? new float[second] : null);
        var g0 = Grad0(D(unit), 35);
        var g1 = unit2 is null ? null : Grad0(D(unit2), 36);
        (float[], float[]?) got;
        using (var rec = Acc.RecordLaunches())
        {
            got = Run(default, gradScale, dy, g0, g1);
            Acc.Synchronize();
            var names = rec.Launches.Select(l => l.Kernel).ToArray();
            Assert.That(names, Has.None.EqualTo(ReductionKernels.SumBlocksKernel.Name), $"{op}: the gradient-only call sums no terms");
            Assert.That(names, Has.None.Contains("Terms"), $"{op}: the gradient-only call launches no terms kernel");
        }

        void Check(float[] g, float[] g00, float[] u, string what)
        {
            var expected = u.Select((e, i) => (double)upstream * gradScale * e + g00[i]).ToArray();
            double m = u.Max(e => Math.Abs((double)upstream * gradScale * e));
            Reference.AssertClose(g, expected, i => 1e-6 * Math.Abs(expected[i]) + 1e-6 * m + 1e-30, $"{op} {what}");
        }
        Check(got.Item1, g0, unit, "gradient");
        if (unit2 is not null) Check(got.Item2!, g1!, unit2, "second gradient");
    }

    [Test]
    public void EmptyGradientViewComputesTheLossOnly()
    {
        var x = Reference.Random(13, 1);
        var t = Reference.Random(13, 2);
        using var v = new PaddedViews(Acc);
        var loss = v.Zeros<float>(1, "loss");
        Loss.Mse(Stream, v.Up(x, "x"), v.Up(t, "t"), loss, default, v.Zeros<float>(Loss.ElementwiseScratchLength(13), "scratch"));
        CheckLoss(PaddedViews.Down(loss)[0], LossReference.Mse(D(x), D(t), true, 1, out _), "MSE without gradient");
    }
}
