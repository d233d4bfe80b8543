using KernelGen.Tests.Support;

namespace KernelGen.Tests.Kernels;

/// <summary>
/// Convolution gradients on the CPU against central finite differences of the double reference forward
/// (<see cref="GradCheck"/>, default tolerance 1e-4 + 1e-3·|numeric|): dx, dw and db for small shapes.
/// </summary>
public sealed class ConvGradCheckTests
{
    public static IEnumerable<TestCaseData> Cases() => ConvCase.All()
        .Where(c => c.Ref.InputLength <= 200 && c.Ref.WeightLength <= 200)
        .Select(c => new TestCaseData(c).SetName("gradcheck " + c.Name));

    [TestCaseSource(nameof(Cases))]
    public void GradientsMatchFiniteDifferences(ConvCase c)
    {
        using var acc = TestDevices.Context.GetDevice("cpu").CreateAccelerator();
        var s = acc.DefaultStream;
        var r = c.Ref;
        var x = Reference.Random(r.InputLength, 21);
        var w = Reference.Random(r.WeightLength, 22);
        var b = Reference.Random(r.OutChannels, 23);
        var dy = Reference.Random(r.OutputLength, 24);
        using var xb = acc.Allocate<float>(x, "x");
        using var wb = acc.Allocate<float>(w, "w");
        using var dyb = acc.Allocate<float>(dy, "dy");
        using var dxb = acc.Allocate<float>(r.InputLength, "dx");
        using var dwb = acc.Allocate<float>(r.WeightLength, "dw");
        using var dbb = acc.Allocate<float>(r.OutChannels, "db");
        using var scratch = acc.Allocate<float>(c.ScratchLength, "scratch");
        c.BackwardData(s, dyb, wb, dxb, scratch);
        c.BackwardWeights(s, xb, dyb, dwb, scratch);
        c.BackwardBias(s, dyb, dbb);

        double[] xd = ConvReference.D(x), wd = ConvReference.D(w), bd = ConvReference.D(b), dyd = ConvReference.D(dy);
        GradCheck.AssertMatches(dxb.ToArray(), GradCheck.Numeric(v => r.Forward(v, wd, bd).Y, xd, dyd), $"{c} dx");
        GradCheck.AssertMatches(dwb.ToArray(), GradCheck.Numeric(v => r.Forward(xd, v, bd).Y, wd, dyd), $"{c} dw");
        GradCheck.AssertMatches(dbb.ToArray(), GradCheck.Numeric(v => r.Forward(xd, wd, v).Y, bd, dyd), $"{c} db");
    }
}
