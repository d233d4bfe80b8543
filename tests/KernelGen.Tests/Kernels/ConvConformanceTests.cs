using KernelGen.Tests.Support;

namespace KernelGen.Tests.Kernels;

/// <summary>
/// Convolution and transposed convolution (forward and the three gradients) on every backend against the
/// double-precision direct loops of <see cref="ConvReference"/>. Tolerance per element:
/// 1e-6 + 4·2⁻²³·√t·Σ|terms| (+ |prior|·2⁻²³ for accumulating gradients), t the number of summed terms — the
/// GEMM test's statistical bound for a float dot product; a wrong index is far outside it. Backward ops start
/// from random gradients to show they accumulate; forward starts from NaN to show it overwrites.
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.KernelBackends))]
public sealed class ConvConformanceTests(string backend) : DeviceFixture(backend)
{
    public static IEnumerable<TestCaseData> Cases() => ConvCase.All().Select(c => new TestCaseData(c).SetName(c.Name));

    /// <summary>The cases of Conv2d (the fusion of an activation applies to it; a transposed convolution keeps the activation's launch).</summary>
    public static IEnumerable<TestCaseData> ConvolutionCases() => ConvCase.All().Where(c => c.Conv is not null).Select(c => new TestCaseData(c).SetName(c.Name));

    [TestCaseSource(nameof(Cases))]
    public void ForwardMatchesReference(ConvCase c)
    {
        var r = c.Ref;
        var x = Reference.Random(r.InputLength, 1);
        var w = Reference.Random(r.WeightLength, 2);
        var b = Reference.Random(r.OutChannels, 3);
        using var xb = Acc.Allocate<float>(x, "x");
        using var wb = Acc.Allocate<float>(w, "w");
        using var bb = Acc.Allocate<float>(b, "b");
        using var yb = Acc.Allocate<float>(Enumerable.Repeat(float.NaN, r.OutputLength).ToArray(), "y");
        using var scratch = Acc.Allocate<float>(c.ScratchLength, "scratch");
        c.Forward(Stream, xb, wb, bb, yb, scratch);
        var (y, mag, terms) = r.Forward(ConvReference.D(x), ConvReference.D(w), ConvReference.D(b));
        Reference.AssertClose(yb.ToArray(), y, i => ConvReference.Tolerance(mag[i], terms[i] + 1), $"{c} forward");

        // Without bias.
        c.Forward(Stream, xb, wb, default, yb, scratch);
        var (y0, mag0, terms0) = r.Forward(ConvReference.D(x), ConvReference.D(w), null);
        Reference.AssertClose(yb.ToArray(), y0, i => ConvReference.Tolerance(mag0[i], terms0[i]), $"{c} forward, no bias");
    }

    /// <summary>
    /// A fused ReLU or LeakyReLU (the graph's Conv2d + activation fusion) is applied after the bias: the activation of
    /// the reference, within the same tolerance (both activations are 1-Lipschitz).
    /// </summary>
    [TestCaseSource(nameof(ConvolutionCases))]
    public void ForwardWithFusedActivationMatchesReference(ConvCase c)
    {
        var shape = c.Conv!.Value;
        var r = c.Ref;
        var x = Reference.Random(r.InputLength, 21);
        var w = Reference.Random(r.WeightLength, 22);
        var b = Reference.Random(r.OutChannels, 23);
        using var xb = Acc.Allocate<float>(x, "x");
        using var wb = Acc.Allocate<float>(w, "w");
        using var bb = Acc.Allocate<float>(b, "b");
        using var yb = Acc.Allocate<float>(Enumerable.Repeat(float.NaN, r.OutputLength).ToArray(), "y");
        using var scratch = Acc.Allocate<float>(c.ScratchLength, "scratch");
        var (y, mag, terms) = r.Forward(ConvReference.D(x), ConvReference.D(w), ConvReference.D(b));
        foreach (var activation in new[] { KernelGen.Kernels.GemmActivation.Relu, KernelGen.Kernels.GemmActivation.LeakyRelu(0.2f) })
        {
            KernelGen.Kernels.Conv.Conv2d(Stream, xb, wb, bb, yb, scratch, shape, activation);
            var expected = y.Select(v => v > 0 ? v : activation.Kind == 1 ? 0 : 0.2 * v).ToArray();
            Reference.AssertClose(yb.ToArray(), expected, i => ConvReference.Tolerance(mag[i], terms[i] + 1), $"{c} forward, activation {activation.Kind}");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void BackwardDataMatchesReference(ConvCase c)
    {
        var r = c.Ref;
        var dy = Reference.Random(r.OutputLength, 4);
        var w = Reference.Random(r.WeightLength, 5);
        var prior = Reference.Random(r.InputLength, 6);
        using var dyb = Acc.Allocate<float>(dy, "dy");
        using var wb = Acc.Allocate<float>(w, "w");
        using var dxb = Acc.Allocate<float>(prior, "dx");
        using var scratch = Acc.Allocate<float>(c.ScratchLength, "scratch");
        c.BackwardData(Stream, dyb, wb, dxb, scratch);
        var (dx, mag, terms) = r.BackwardData(ConvReference.D(dy), ConvReference.D(w));
        var expected = dx.Select((v, i) => v + prior[i]).ToArray();
        Reference.AssertClose(dxb.ToArray(), expected, i => ConvReference.Tolerance(mag[i], terms[i], prior[i]), $"{c} dx");
    }

    [TestCaseSource(nameof(Cases))]
    public void BackwardWeightsMatchesReference(ConvCase c)
    {
        var r = c.Ref;
        var x = Reference.Random(r.InputLength, 7);
        var dy = Reference.Random(r.OutputLength, 8);
        var prior = Reference.Random(r.WeightLength, 9);
        using var xb = Acc.Allocate<float>(x, "x");
        using var dyb = Acc.Allocate<float>(dy, "dy");
        using var dwb = Acc.Allocate<float>(prior, "dw");
        using var scratch = Acc.Allocate<float>(c.ScratchLength, "scratch");
        c.BackwardWeights(Stream, xb, dyb, dwb, scratch);
        var (dw, mag, terms) = r.BackwardWeights(ConvReference.D(x), ConvReference.D(dy));
        var expected = dw.Select((v, i) => v + prior[i]).ToArray();
        Reference.AssertClose(dwb.ToArray(), expected, i => ConvReference.Tolerance(mag[i], terms[i], prior[i]), $"{c} dw");
    }

    [TestCaseSource(nameof(Cases))]
    public void BackwardBiasMatchesReference(ConvCase c)
    {
        var r = c.Ref;
        var dy = Reference.Random(r.OutputLength, 10);
        var prior = Reference.Random(r.OutChannels, 11);
        using var dyb = Acc.Allocate<float>(dy, "dy");
        using var dbb = Acc.Allocate<float>(prior, "db");
        c.BackwardBias(Stream, dyb, dbb);
        var (db, mag, terms) = r.BackwardBias(ConvReference.D(dy));
        var expected = db.Select((v, i) => v + prior[i]).ToArray();
        Reference.AssertClose(dbb.ToArray(), expected, i => ConvReference.Tolerance(mag[i], terms[i], prior[i]), $"{c} db");
    }
}
