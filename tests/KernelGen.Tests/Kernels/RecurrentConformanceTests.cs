using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Kernels;

/// <summary>
/// The fused LSTM cell on every backend: the forward against a double-precision reference (1e-6 + 1e-5·|ref|: a few
/// float transcendental and product roundings), the backward against central finite differences of that reference
/// (GradCheck's float-backward tolerance) for every input, with and without a previous state and with either output's
/// gradient absent, accumulating into what the gradients held; 300 units cross the CPU counterpart's 256-unit blocks.
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.KernelBackends))]
public sealed class RecurrentConformanceTests(string backend) : DeviceFixture(backend)
{
    private static double Sig(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>h and c (N·U each, h first) of the double reference; gh and cPrev null: no previous state.</summary>
    private static double[] Cell(double[] gx, double[]? gh, double[]? cPrev, int units)
    {
        int n = gx.Length / (4 * units);
        var hc = new double[2 * n * units];
        for (int s = 0; s < n; s++)
            for (int u = 0; u < units; u++)
            {
                int at = s * 4 * units + u;
                double Z(int gate) => gx[at + gate * units] + (gh is null ? 0 : gh[at + gate * units]);
                double c = Sig(Z(0)) * Math.Tanh(Z(2)) + (cPrev is null ? 0 : Sig(Z(1)) * cPrev[s * units + u]);
                hc[s * units + u] = Sig(Z(3)) * Math.Tanh(c);
                hc[n * units + s * units + u] = c;
            }
        return hc;
    }

    private static double[] D(float[] x) => x.Select(v => (double)v).ToArray();

    [TestCase(1, 1)]
    [TestCase(3, 5)]
    [TestCase(2, 300)]
    public void ForwardMatchesTheDoubleReferenceWithAndWithoutAState(int n, int units)
    {
        var gx = Reference.Random(n * 4 * units, 1, -3f, 3f);
        var gh = Reference.Random(n * 4 * units, 2, -3f, 3f);
        var cPrev = Reference.Random(n * units, 3, -2f, 2f);
        foreach (bool state in new[] { true, false })
        {
            using var v = new PaddedViews(Acc);
            var h = v.Zeros<float>(n * units, "h");
            var c = v.Zeros<float>(n * units, "c");
            Recurrent.LstmCell(Stream, v.Up(gx, "gx"), state ? v.Up(gh, "gh") : default, state ? v.Up(cPrev, "c_prev") : default, h, c, units);
            var expected = Cell(D(gx), state ? D(gh) : null, state ? D(cPrev) : null, units);
            Reference.AssertClose(PaddedViews.Down(h), expected.AsSpan(0, n * units), i => 1e-6 + 1e-5 * Math.Abs(expected[i]), $"h (state {state})");
            Reference.AssertClose(PaddedViews.Down(c), expected.AsSpan(n * units), i => 1e-6 + 1e-5 * Math.Abs(expected[n * units + i]), $"c (state {state})");
        }
    }

    [TestCase(2, 3, true, true, true)]
    [TestCase(2, 3, true, false, true)]
    [TestCase(2, 3, true, true, false)]
    [TestCase(2, 3, false, true, true)]
    [TestCase(2, 300, true, true, true)]
    public void BackwardMatchesFiniteDifferencesAndAccumulates(int n, int units, bool state, bool withDh, bool withDc)
    {
        int cells = n * units, pre = 4 * cells;
        var gx = Reference.Random(pre, 4, -2f, 2f);
        var gh = Reference.Random(pre, 5, -2f, 2f);
        var cPrev = Reference.Random(cells, 6, -1.5f, 1.5f);
        var dh = Reference.Random(cells, 7);
        var dc = Reference.Random(cells, 8);
        var start = Reference.Random(pre, 9, -0.1f, 0.1f); // what the gradients held before: the backward adds
        var startC = Reference.Random(cells, 10, -0.1f, 0.1f);
        using var v = new PaddedViews(Acc);
        var hv = v.Zeros<float>(cells, "h");
        var cv = v.Zeros<float>(cells, "c");
        var gxv = v.Up(gx, "gx");
        var ghv = state ? v.Up(gh, "gh") : default;
        var cpv = state ? v.Up(cPrev, "c_prev") : default;
        Recurrent.LstmCell(Stream, gxv, ghv, cpv, hv, cv, units);
        var dgx = v.Up(start, "dgx");
        var dgh = state ? v.Up(start, "dgh") : default;
        var dcp = state ? v.Up(startC, "dc_prev") : default;
        Recurrent.LstmCellBackward(Stream, gxv, ghv, cpv, cv, withDh ? v.Up(dh, "dh") : default, withDc ? v.Up(dc, "dc") : default, dgx, dgh, dcp, units);

        var seed = D(withDh ? dh : new float[cells]).Concat(D(withDc ? dc : new float[cells])).ToArray();
        double[] Plus(double[] a, float[] b) => a.Select((x, i) => x + b[i]).ToArray();
        var numericGx = GradCheck.Numeric(x => Cell(x, state ? D(gh) : null, state ? D(cPrev) : null, units), D(gx), seed);
        GradCheck.AssertMatches(PaddedViews.Down(dgx), Plus(numericGx, start), "dgx");
        if (!state) return;
        var numericGh = GradCheck.Numeric(x => Cell(D(gx), x, D(cPrev), units), D(gh), seed);
        GradCheck.AssertMatches(PaddedViews.Down(dgh), Plus(numericGh, start), "dgh");
        var numericC = GradCheck.Numeric(x => Cell(D(gx), D(gh), x, units), D(cPrev), seed);
        GradCheck.AssertMatches(PaddedViews.Down(dcp), Plus(numericC, startC), "dc_prev");
    }

    [Test]
    public void BadSizesAreNamed()
    {
        using var v = new PaddedViews(Acc);
        var gx = v.Zeros<float>(12, "gx");
        var h = v.Zeros<float>(3, "h");
        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => Recurrent.LstmCell(Stream, gx, default, default, h, h, 0));
        Assert.That(zero!.Message, Does.Contain("at least 1 hidden unit, not 0"));
        var odd = Assert.Throws<ArgumentException>(() => Recurrent.LstmCell(Stream, gx, default, default, h, h, 5));
        Assert.That(odd!.Message, Does.Contain("'gx'").And.Contain("not N × 4·5"));
        var small = Assert.Throws<ArgumentException>(() => Recurrent.LstmCell(Stream, gx, default, default, v.Zeros<float>(2, "h2"), h, 3));
        Assert.That(small!.Message, Does.Contain("h").And.Contain("N·units (1·3)"));
    }
}
