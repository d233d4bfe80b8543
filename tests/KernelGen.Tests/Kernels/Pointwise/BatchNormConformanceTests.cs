using KernelGen.Kernels;
using KernelGen.Tests.Support;
using static KernelGen.Tests.Kernels.Pointwise.PointwiseReference;

namespace KernelGen.Tests.Kernels.Pointwise;

/// <summary>
/// Batch normalization (training statistics and running update, inference, backward) on every backend against a
/// double reference, for NCHW (s = h·w) and (N, F) (s = 1) shapes including one channel larger than a group.
/// Tolerance 5e-5 + 5e-5·|ref|: the statistics are sums of up to a few thousand values (compensated float sums on GPUs,
/// double on the CPU), relative error ~1e-6, amplified at most by |x̂| ≤ ~4 and by the backward's three-term
/// difference.
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.KernelBackends))]
public sealed class BatchNormConformanceTests(string backend) : DeviceFixture(backend)
{
    private static double Tol(double r) => 5e-5 + 5e-5 * Math.Abs(r);

    [TestCase(2, 3, 35)]     // NCHW 2×3×5×7
    [TestCase(1, 5, 9)]      // batch 1, 3×3 images
    [TestCase(7, 4, 1)]      // (N, F)
    [TestCase(3, 1, 1)]
    [TestCase(16, 13, 1)]
    [TestCase(5, 3, 257)]    // 1285 values per channel: several per thread of a group
    public void TrainingInferenceAndBackward(int n, int c, int s)
    {
        const float momentum = 0.1f, eps = 1e-5f;
        int len = n * c * s;
        var x = Reference.Random(len, len, -2f, 3f);
        var gamma = Reference.Random(c, 1, 0.5f, 1.5f);
        var beta = Reference.Random(c, 2);
        var rm0 = Reference.Random(c, 3);
        var rv0 = Reference.Random(c, 4, 0.5f, 2f);
        var dy = Reference.Random(len, 5);
        var dx0 = Reference.Random(len, 6);
        var dg0 = Reference.Random(c, 7);
        var db0 = Reference.Random(c, 8);
        using var xb = Acc.Allocate<float>(x, "x");
        using var yb = Acc.Allocate<float>(len, "y");
        using var gb = Acc.Allocate<float>(gamma, "gamma");
        using var bb = Acc.Allocate<float>(beta, "beta");
        using var rmb = Acc.Allocate<float>(rm0, "running-mean");
        using var rvb = Acc.Allocate<float>(rv0, "running-var");
        using var smb = Acc.Allocate<float>(c, "save-mean");
        using var sib = Acc.Allocate<float>(c, "save-invstd");
        using var dyb = Acc.Allocate<float>(dy, "dy");
        using var dxb = Acc.Allocate<float>(dx0, "dx");
        using var dgb = Acc.Allocate<float>(dg0, "dgamma");
        using var dbb = Acc.Allocate<float>(db0, "dbeta");
        using var scratch = Acc.Allocate<float>(BatchNormOps.BatchNormScratchLength(c), "scratch");
        using var yib = Acc.Allocate<float>(len, "y-inference");

        BatchNormOps.BatchNormTraining(Stream, xb, yb, gb, bb, rmb, rvb, smb, sib, n, c, s, momentum, eps);
        BatchNormOps.BatchNormBackward(Stream, xb, dyb, gb, smb, sib, dxb, dgb, dbb, scratch, n, c, s);
        BatchNormOps.BatchNormInference(Stream, xb, yib, gb, bb, rmb, rvb, n, c, s, eps);

        var (yRef, mean, variance) = BatchNorm(D(x), D(gamma), D(beta), n, c, s, eps);
        int m = n * s;
        var rmRef = rm0.Select((r, ch) => (1 - momentum) * r + momentum * mean[ch]).ToArray();
        var rvRef = rv0.Select((r, ch) => (1 - momentum) * r + momentum * variance[ch] * m / (m - 1)).ToArray();
        var invRef = variance.Select(v => 1 / Math.Sqrt(v + eps)).ToArray();
        var (dxGrad, dgGrad, dbGrad) = BatchNormBackward(D(x), D(dy), D(gamma), mean, variance, n, c, s, eps);
        var dxRef = dxGrad.Select((v, i) => dx0[i] + v).ToArray();
        var dgRef = dgGrad.Select((v, ch) => dg0[ch] + v).ToArray();
        var dbRef = dbGrad.Select((v, ch) => db0[ch] + v).ToArray();
        var yInf = new double[len];
        for (int i = 0; i < len; i++)
        {
            int ch = i / s % c;
            yInf[i] = (x[i] - rmRef[ch]) / Math.Sqrt(rvRef[ch] + eps) * gamma[ch] + beta[ch];
        }
        Reference.AssertClose(yb.ToArray(), yRef, i => Tol(yRef[i]), "training forward");
        Reference.AssertClose(smb.ToArray(), mean, i => Tol(mean[i]), "saved mean");
        Reference.AssertClose(sib.ToArray(), invRef, i => Tol(invRef[i]), "saved 1/std");
        Reference.AssertClose(rmb.ToArray(), rmRef, i => Tol(rmRef[i]), "running mean");
        Reference.AssertClose(rvb.ToArray(), rvRef, i => Tol(rvRef[i]), "running var (unbiased)");
        Reference.AssertClose(dxb.ToArray(), dxRef, i => Tol(dxRef[i]), "dx");
        Reference.AssertClose(dgb.ToArray(), dgRef, i => Tol(dgRef[i]) * Math.Sqrt(m), "dgamma");
        Reference.AssertClose(dbb.ToArray(), dbRef, i => Tol(dbRef[i]) * Math.Sqrt(m), "dbeta");
        Reference.AssertClose(yib.ToArray(), yInf, i => Tol(yInf[i]), "inference forward");
    }

    /// <summary>
    /// A fused ReLU or LeakyReLU (the graph's BatchNorm + activation fusion): both modes' outputs are the activation of
    /// the double reference's normalized values, and the statistics are those of the input, not of the output.
    /// </summary>
    [TestCase(1, 0f)]
    [TestCase(2, 0.2f)]
    public void FusedActivationAppliesToBothModes(int kind, float slope)
    {
        const int n = 4, c = 3, s = 10, len = n * c * s;
        const float eps = 1e-5f;
        var activation = new GemmActivation(kind, slope);
        var x = Reference.Random(len, 11, -2f, 3f);
        var gamma = Reference.Random(c, 12, 0.5f, 1.5f);
        var beta = Reference.Random(c, 13);
        using var xb = Acc.Allocate<float>(x, "x");
        using var yb = Acc.Allocate<float>(len, "y");
        using var yib = Acc.Allocate<float>(len, "y-inference");
        using var gb = Acc.Allocate<float>(gamma, "gamma");
        using var bb = Acc.Allocate<float>(beta, "beta");
        using var rmb = Acc.Allocate<float>(new float[c], "running-mean");
        using var rvb = Acc.Allocate<float>(Enumerable.Repeat(1f, c).ToArray(), "running-var");
        using var smb = Acc.Allocate<float>(c, "save-mean");
        using var sib = Acc.Allocate<float>(c, "save-invstd");
        BatchNormOps.BatchNormInference(Stream, xb, yib, gb, bb, rmb, rvb, n, c, s, eps, activation);
        BatchNormOps.BatchNormTraining(Stream, xb, yb, gb, bb, rmb, rvb, smb, sib, n, c, s, 0.1f, eps, activation);
        var (yRef, mean, _) = BatchNorm(D(x), D(gamma), D(beta), n, c, s, eps);
        double Act(double v) => v > 0 ? v : kind == 1 ? 0 : slope * v;
        var expected = yRef.Select(Act).ToArray();
        var inference = Enumerable.Range(0, len).Select(i => Act(x[i] / Math.Sqrt(1 + eps) * gamma[i / s % c] + beta[i / s % c])).ToArray();
        Reference.AssertClose(yb.ToArray(), expected, i => Tol(expected[i]), "training forward, activated");
        Reference.AssertClose(smb.ToArray(), mean, i => Tol(mean[i]), "saved mean of the input");
        Reference.AssertClose(yib.ToArray(), inference, i => Tol(inference[i]), "inference forward, activated");
    }
}
