using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Kernels;

/// <summary>PixelCNN masks A and B on every backend: the taps kept, and the masked convolution's weight gradient.</summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.KernelBackends))]
public sealed class ConvMaskTests(string backend) : DeviceFixture(backend)
{
    [TestCase(3, 3, PixelCnnMask.A, "111 100 000")]
    [TestCase(3, 3, PixelCnnMask.B, "111 110 000")]
    [TestCase(5, 5, PixelCnnMask.A, "11111 11111 11000 00000 00000")]
    [TestCase(5, 5, PixelCnnMask.B, "11111 11111 11100 00000 00000")]
    [TestCase(3, 5, PixelCnnMask.B, "11111 11100 00000")]
    public void MaskKeepsTapsUpToTheCentre(int kh, int kw, PixelCnnMask mask, string pattern)
    {
        var shape = new Conv2dShape(1, 2, 9, 9, 3, kh, kw);
        var w = Reference.Random((int)shape.WeightLength, 1, 0.5f, 1f);
        using var wb = Acc.Allocate<float>(w, "w");
        Conv.ApplyPixelCnnMask(Stream, wb, shape, mask);
        var got = wb.ToArray();
        var keep = pattern.Replace(" ", "");
        for (int i = 0; i < got.Length; i++)
            Assert.That(got[i], Is.EqualTo(keep[i % (kh * kw)] == '1' ? w[i] : 0f), $"tap {i % (kh * kw)} of filter {i / (kh * kw)}");
    }

    [Test]
    public void MaskedConvolutionUsesAndKeepsMaskedWeights()
    {
        var shape = new Conv2dShape(2, 2, 5, 6, 3, 3, 3).WithPadding(1);
        var r = ConvReference.Of(shape);
        var x = Reference.Random(r.InputLength, 2);
        var w = Reference.Random(r.WeightLength, 3);
        var dy = Reference.Random(r.OutputLength, 4);
        using var xb = Acc.Allocate<float>(x, "x");
        using var wb = Acc.Allocate<float>(w, "w");
        using var yb = Acc.Allocate<float>(r.OutputLength, "y");
        using var dyb = Acc.Allocate<float>(dy, "dy");
        using var dwb = Acc.Allocate<float>(r.WeightLength, "dw");
        using var s = Acc.Allocate<float>(Conv.Conv2dScratchLength(shape), "s");
        dwb.Zero();
        Conv.MaskedConv2d(Stream, xb, wb, default, yb, s, shape, PixelCnnMask.A);
        Conv.MaskedConv2dBackwardWeights(Stream, xb, dyb, dwb, s, shape, PixelCnnMask.A);
        var masked = w.Select((v, i) => i % 9 < 4 ? (double)v : 0).ToArray();
        Assert.That(wb.ToArray(), Is.EqualTo(masked.Select(v => (float)v).ToArray()));
        var (y, mag, terms) = r.Forward(ConvReference.D(x), masked, null);
        Reference.AssertClose(yb.ToArray(), y, i => ConvReference.Tolerance(mag[i], terms[i]), "masked forward");
        var (dw, dmag, dterms) = r.BackwardWeights(ConvReference.D(x), ConvReference.D(dy));
        var dwMasked = dw.Select((v, i) => i % 9 < 4 ? v : 0).ToArray();
        Reference.AssertClose(dwb.ToArray(), dwMasked, i => ConvReference.Tolerance(dmag[i], dterms[i]), "masked dw");
    }
}
