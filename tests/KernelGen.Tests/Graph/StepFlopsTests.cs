using KernelGen.Graph;

namespace KernelGen.Tests.Graph;

/// <summary>
/// A compiled graph counts the FLOPs of its products (2 per multiply-add of every GEMM and convolution it runs):
/// forward, backward (only the gradients the graph needs) and what it has run so far.
/// </summary>
public sealed class StepFlopsTests
{
    [Test]
    public void AnMlpCountsItsGemmsForwardAndBackward()
    {
        const int n = 8, input = 12, hidden = 5, output = 3;
        var g = new GraphBuilder("mlp");
        var x = g.Input("x", n, input);
        var y = g.Linear(g.Tanh(g.Linear(x, hidden, "fc1")), output, "fc2");
        g.SetLoss(g.Sum(g.Multiply(y, y)));
        using var context = Context.Create();
        using var acc = context.GetDevice("cpu").CreateAccelerator();
        using var m = g.Compile(acc);
        long fc1 = (long)n * input * hidden, fc2 = (long)n * hidden * output;
        Assert.That(m.ForwardFlops, Is.EqualTo(2 * (fc1 + fc2)));
        // fc2: input and weight gradients; fc1: the weight gradient only (the graph's input needs none).
        Assert.That(m.BackwardFlops, Is.EqualTo(2 * (2 * fc2 + fc1)));
        m.Store.Group("default").UseOptimizer(new Sgd(0.01f));
        m.SetInput("x", new float[n * input]);
        m.Step();
        m.Step();
        m.ReadLoss();
        Assert.That(m.FlopsRun, Is.EqualTo(2 * (m.ForwardFlops + m.BackwardFlops)));
    }

    [Test]
    public void ConvolutionsCountTheirMultiplyAdds()
    {
        var g = new GraphBuilder("conv");
        var x = g.Input("x", 2, 3, 8, 8);
        var c = g.Conv2d(x, 4, 3, "conv", stride: 1, padding: 1);            // 2·4·8·8 outputs × 3·3·3 taps
        var t = g.ConvTranspose2d(g.Tanh(c), 2, 2, "up", stride: 2);         // 2·4·8·8 inputs × 2·2·2 taps
        g.SetLoss(g.Sum(g.Multiply(t, t)));
        using var context = Context.Create();
        using var acc = context.GetDevice("cpu").CreateAccelerator();
        using var m = g.Compile(acc);
        long conv = 2L * 4 * 8 * 8 * 3 * 3 * 3, up = 2L * 4 * 8 * 8 * 2 * 2 * 2;
        Assert.That(m.ForwardFlops, Is.EqualTo(2 * (conv + up)));
        Assert.That(m.BackwardFlops, Is.EqualTo(2 * (conv + 2 * up)));
    }
}
