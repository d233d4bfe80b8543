using KernelGen.Graph;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Graph;

/// <summary>
/// The graph's LSTM cell against torch.nn.LSTMCell (tests/fixtures/torch/cases_recurrent.py) on every backend: two
/// steps sharing the weights (gate order i, f, g, o; W_ih, W_hh, b_ih, b_hh), the loss Σ h1·dh1 + Σ h2·dh2 + Σ c2·dc2
/// seeding the backward through both states; h, c and every gradient within 1e-5 + 1e-4·|torch| (products summed in
/// another order). Also: the Row LSTM's row ops against their definition, and the hidden size checked.
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.Backends))]
public sealed class LstmCellTorchTests(string backend) : DeviceFixture(backend)
{
    [TestCase("lstm_b4_i5_h3")]
    [TestCase("lstm_b3_i7_h17")]
    public void TwoStepsMatchTorchsLstmCell(string name)
    {
        var f = TorchFixture.Load(name);
        int batch = (int)f.Param("batch"), inputs = (int)f.Param("inputs"), hidden = (int)f.Param("hidden");
        var g = new GraphBuilder(name);
        Tensor P(string n, params int[] shape) => g.Parameter(n, new Shape(shape), Init.Constant(0));
        var (x1, x2, h0, c0) = (P("x1", batch, inputs), P("x2", batch, inputs), P("h0", batch, hidden), P("c0", batch, hidden));
        var (h1, c1) = g.LstmCell(x1, h0, c0, hidden, "cell");
        var (h2, c2) = g.LstmCell(x2, h1, c1, hidden, "cell");
        var (dh1, dh2, dc2) = (g.Input("dh1", batch, hidden), g.Input("dh2", batch, hidden), g.Input("dc2", batch, hidden));
        foreach (var t in new[] { h1, c1, h2, c2 }) g.MarkOutput(t);
        g.SetLoss(g.Add(g.Add(g.Sum(g.Multiply(h1, dh1)), g.Sum(g.Multiply(h2, dh2))), g.Sum(g.Multiply(c2, dc2))));
        using var m = g.Compile(Acc);
        foreach (var n in new[] { "x1", "x2", "h0", "c0" }) m.Store.Write(n, f.Input(n));
        m.Store.Write("cell.ih.weight", f.Input("weight_ih"));
        m.Store.Write("cell.hh.weight", f.Input("weight_hh"));
        m.Store.Write("cell.ih.bias", f.Input("bias_ih"));
        m.Store.Write("cell.hh.bias", f.Input("bias_hh"));
        foreach (var n in new[] { "dh1", "dh2", "dc2" }) m.SetInput(n, f.Input(n));
        m.Forward();
        m.Backward();
        foreach (var (t, n) in new[] { (h1, "h1"), (c1, "c1"), (h2, "h2"), (c2, "c2") }) Near(m.Read(t), f.Output(n), n);
        foreach (var (p, n) in new[] { ("x1", "dx1"), ("x2", "dx2"), ("h0", "dh0"), ("c0", "dc0"), ("cell.ih.weight", "dweight_ih"),
            ("cell.hh.weight", "dweight_hh"), ("cell.ih.bias", "dbias_ih"), ("cell.hh.bias", "dbias_hh") })
            Near(m.Store.Grad(p).ToArrayFrom(m.Store), f.Grad(n), n);
    }

    private static void Near(float[] actual, float[] expected, string what) => GraphLayerTorchTests.Near(actual, expected, 1e-5, 1e-4, what);

    /// <summary>Rows taken out of images and stacked back are the images; the backward sends each row's gradient home.</summary>
    [Test]
    public void RowsTakenAndStackedBackAreTheImagesBothWays()
    {
        const int n = 2, ch = 3, height = 4, width = 5;
        var g = new GraphBuilder("rows");
        var x = g.Parameter("x", new Shape(n, ch, height, width), Init.Constant(0));
        var rows = Enumerable.Range(0, height).Select(r => g.Row(x, r)).ToArray();
        var stacked = g.MarkOutput(g.StackRows(rows.Reverse().ToArray()));
        var dy = g.Input("dy", n, ch, height, width);
        g.SetLoss(g.Sum(g.Multiply(stacked, dy)));
        using var m = g.Compile(Acc);
        var xs = Reference.Random(n * ch * height * width, 3);
        var dys = Reference.Random(xs.Length, 4);
        m.Store.Write("x", xs);
        m.SetInput("dy", dys);
        m.Forward();
        m.Backward();
        int Flipped(int i) { int w = i % width, r = i / width % height, p = i / (width * height); return (p * height + height - 1 - r) * width + w; }
        Assert.That(m.Read(stacked), Is.EqualTo(Enumerable.Range(0, xs.Length).Select(i => xs[Flipped(i)]).ToArray()), "rows stacked in reverse flip the images");
        Assert.That(m.Store.Grad("x").ToArrayFrom(m.Store), Is.EqualTo(Enumerable.Range(0, xs.Length).Select(i => dys[Flipped(i)]).ToArray()), "the gradient flips back");
    }

    /// <summary>RowConv against its definition: y[k, r, j] = b[k] + Σ_c Σ_t w[k, c, 0, t]·x[c, r, j + t − width/2] (zero past the row's ends), mask B dropping t > width/2.</summary>
    [TestCase(false)]
    [TestCase(true)]
    public void RowConvolutionIsAOneRowConvolutionAlongTheRow(bool masked)
    {
        const int n = 2, ch = 3, height = 4, width = 6, outCh = 5, k = 3;
        var g = new GraphBuilder("rowconv");
        var y = g.MarkOutput(g.RowConv(g.Input("x", n, ch, height, width), outCh, k, "rc", masked ? KernelGen.Kernels.PixelCnnMask.B : null));
        using var m = g.Compile(Acc);
        var x = Reference.Random(n * ch * height * width, 5);
        var w = Reference.Random(outCh * ch * k, 6);
        var b = Reference.Random(outCh, 7);
        m.Store.Write("rc.weight", w);
        m.Store.Write("rc.bias", b);
        m.SetInput("x", x);
        m.Forward();
        var expected = new double[n * outCh * height * width];
        for (int s = 0; s < n; s++)
            for (int o = 0; o < outCh; o++)
                for (int r = 0; r < height; r++)
                    for (int j = 0; j < width; j++)
                    {
                        double sum = b[o];
                        for (int c = 0; c < ch; c++)
                            for (int t = 0; t < (masked ? k / 2 + 1 : k); t++)
                            {
                                int col = j + t - k / 2;
                                if (col >= 0 && col < width) sum += w[(o * ch + c) * k + t] * x[((s * ch + c) * height + r) * width + col];
                            }
                        expected[((s * outCh + o) * height + r) * width + j] = sum;
                    }
        Reference.AssertClose(m.Read(y), expected, i => 1e-5 + 1e-5 * Math.Abs(expected[i]), masked ? "masked row convolution" : "row convolution");
    }

    [Test]
    public void AHiddenSizeOfZeroIsRefused()
    {
        var g = new GraphBuilder("bad");
        var e = Assert.Throws<GraphException>(() => g.LstmCell(g.Input("x", 2, 3), null, null, 0, "cell"));
        Assert.That(e!.Message, Does.Contain("LstmCell 'cell': the hidden size must be at least 1, got 0"));
        var rows = Assert.Throws<GraphException>(() => g.Row(g.Input("img", 1, 1, 3, 3), 3, "r"));
        Assert.That(rows!.Message, Does.Contain("row 3 is outside the 3 rows"));
    }
}
