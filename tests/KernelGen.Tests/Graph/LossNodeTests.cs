using KernelGen.Graph;
using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Graph;

/// <summary>Loss and penalty nodes: build-time shape errors (no device needed).</summary>
public sealed class LossBuildTests
{
    [Test]
    public void PairLossWithDifferentShapes()
    {
        var g = new GraphBuilder();
        var ex = Assert.Throws<GraphException>(() => g.Mse(g.Input("y", 2, 3), g.Input("t", 3, 2), name: "rec"));
        Assert.That(ex!.Message, Does.Contain("MSELoss 'rec'").And.Contain("'y' (2, 3)").And.Contain("'t' (3, 2)").And.Contain("same shape"));
        ex = Assert.Throws<GraphException>(() => g.BinaryCrossEntropyWithLogits(g.Input("a", 4), g.Input("b", 5)));
        Assert.That(ex!.Message, Does.Contain("BCEWithLogitsLoss"));
    }

    [Test]
    public void CrossEntropyLabelsMustBeIntOnePerRow()
    {
        var g = new GraphBuilder();
        var logits = g.Input("logits", 4, 3);
        var ex = Assert.Throws<GraphException>(() => g.CrossEntropy(logits, g.Input("fl", 4)));
        Assert.That(ex!.Message, Does.Contain("CrossEntropyLoss").And.Contain("int tensor"));
        ex = Assert.Throws<GraphException>(() => g.CrossEntropy(logits, g.IntInput("labels", 5)));
        Assert.That(ex!.Message, Does.Contain("'labels' (5)").And.Contain("must be (4)"));
        ex = Assert.Throws<GraphException>(() => g.CrossEntropy(g.Input("flat", 12), g.IntInput("l2", 12)));
        Assert.That(ex!.Message, Does.Contain("(batch, classes)"));
    }

    [Test]
    public void PenaltiesCheckShapesAndHyperParameters()
    {
        var g = new GraphBuilder();
        var h = g.Input("h", 4, 3);
        Assert.That(Assert.Throws<GraphException>(() => g.GaussianKl(h, g.Input("lv", 4, 2)))!.Message, Does.Contain("same shape"));
        Assert.That(Assert.Throws<GraphException>(() => g.L1Penalty(h, -1f))!.Message, Does.Contain("λ").And.Contain("-1"));
        Assert.That(Assert.Throws<GraphException>(() => g.SparsityPenalty(h, 1.5f, 1f))!.Message, Does.Contain("ρ must lie in (0, 1)"));
        Assert.That(Assert.Throws<GraphException>(() => g.SparsityPenalty(g.Input("h3", 2, 2, 2), 0.1f, 1f))!.Message, Does.Contain("(batch, hidden)"));
        var w = g.Input("w", 5, 7);
        Assert.That(Assert.Throws<GraphException>(() => g.ContractivePenalty(h, w, 0.1f))!.Message,
            Does.Contain("ContractivePenalty").And.Contain("'w' (5, 7)").And.Contain("hidden = 3"));
    }

    [Test]
    public void ReparameterizeNoiseMustBeAnInputOfMusShape()
    {
        var g = new GraphBuilder();
        var mu = g.Input("mu", 2, 3);
        var ex = Assert.Throws<GraphException>(() => g.Reparameterize(mu, g.Input("lv", 2, 3), g.Input("eps", 3, 2)));
        Assert.That(ex!.Message, Does.Contain("ε").And.Contain("(2, 3)"));
        ex = Assert.Throws<GraphException>(() => g.Reparameterize(mu, mu, g.Sigmoid(mu)));
        Assert.That(ex!.Message, Does.Contain("graph input"));
    }

    [Test]
    public void LossesAreScalars()
    {
        var g = new GraphBuilder();
        var y = g.Input("y", 2, 3);
        Assert.That(g.Mse(y, g.Input("t", 2, 3)).Shape, Is.EqualTo(new Shape(1)));
        Assert.That(g.GaussianKl(y, y, LossReduction.Sum).Shape, Is.EqualTo(new Shape(1)));
    }
}

/// <summary>
/// Loss and penalty nodes through the graph on the CPU: every parameter gradient against central finite
/// differences of the compiled graph's own loss (h = 1e-2, |numeric − analytic| &lt;= 2e-2·|analytic| + 2e-3, as
/// GraphGradientTests), with the node's upstream gradient ≠ 1 (the loss is scaled by 1.7) so the device-side
/// scaling of its backward is exercised; and bad labels named when the loss is read.
/// </summary>
public sealed class LossNodeTests
{
    private const float H = 1e-2f;
    private Accelerator _acc = null!;

    [OneTimeSetUp] public void Open() => _acc = TestDevices.Open("cpu");
    [OneTimeTearDown] public void Close() => _acc?.Dispose();

    private static readonly string[] Cases =
        ["mse-mean", "mse-sum", "bce", "bce-logits", "cross-entropy", "kl", "kl-constant-logvar", "l1", "sparsity", "contractive"];

    private static GraphBuilder Build(string loss)
    {
        var g = new GraphBuilder(loss);
        var x = g.Input("x", 4, 5);
        var y = g.Linear(x, 3, "enc");
        var h = g.Sigmoid(y);
        Tensor l = loss switch
        {
            "mse-mean" => g.Mse(y, g.Input("t", 4, 3)),
            "mse-sum" => g.Mse(y, g.Input("t", 4, 3), LossReduction.Sum),
            "bce" => g.BinaryCrossEntropy(h, g.Input("t", 4, 3)),
            "bce-logits" => g.BinaryCrossEntropyWithLogits(y, g.Input("t", 4, 3), LossReduction.Sum),
            "cross-entropy" => g.CrossEntropy(y, g.IntInput("labels", 4)),
            "kl" => g.GaussianKl(y, g.Linear(x, 3, "logvar"), LossReduction.Sum),
            "kl-constant-logvar" => g.GaussianKl(y, g.Input("lv", 4, 3)), // logvar's gradient goes to a throw-away destination
            "l1" => g.L1Penalty(h, 0.3f),
            "sparsity" => g.SparsityPenalty(h, 0.2f, 2f),
            "contractive" => g.ContractivePenalty(h, g.GetParameter("enc.weight"), 0.5f, LossReduction.Sum),
            _ => throw new ArgumentException(loss),
        };
        g.SetLoss(g.Scale(l, 1.7f));
        return g;
    }

    [TestCaseSource(nameof(Cases))]
    public void GradientMatchesFiniteDifferences(string loss)
    {
        using var m = Build(loss).Compile(_acc, new CompileOptions { Seed = 5 });
        var rng = new Random(11);
        foreach (var input in m.Graph.Inputs)
        {
            if (input.DType == DType.Int32) m.SetInput(input.Name, Enumerable.Range(0, input.Shape.Numel).Select(_ => rng.Next(3)).ToArray());
            else m.SetInput(input.Name, Enumerable.Range(0, input.Shape.Numel).Select(_ => (float)rng.NextDouble() * (input.Name == "t" ? 1f : 2f)).ToArray());
        }
        var store = m.Store;
        m.Forward();
        m.Backward();
        var grads = ((MemoryBuffer<float>)store.Gradients.Buffer!).ToArray();
        var theta = ((MemoryBuffer<float>)store.Values.Buffer!).ToArray();
        var values = (MemoryBuffer<float>)store.Values.Buffer!;
        float Loss(float[] p)
        {
            values.CopyFromHost(p);
            m.Forward();
            return m.ReadLoss();
        }
        Assert.That(grads.Take(store.Count).Any(v => v != 0), "no gradient reached the parameters");
        for (int i = 0; i < store.Count; i++)
        {
            var probe = (float[])theta.Clone();
            probe[i] = theta[i] + H;
            double plus = Loss(probe);
            probe[i] = theta[i] - H;
            double minus = Loss(probe);
            double numeric = (plus - minus) / (2 * H);
            Assert.That(numeric, Is.EqualTo(grads[i]).Within(2e-2 * Math.Abs(grads[i]) + 2e-3), $"{loss}: d loss / d θ[{i}]");
        }
        values.CopyFromHost(theta);
    }

    [Test]
    public void BackwardLaunchesOnlyTheGradientKernel()
    {
        var g = new GraphBuilder("bce-logits");
        var y = g.Linear(g.Input("x", 4, 5), 3, "fc");
        g.SetLoss(g.Scale(g.BinaryCrossEntropyWithLogits(y, g.Input("t", 4, 3)), 1.7f));
        using var m = g.Compile(_acc);
        m.SetInput("x", Enumerable.Range(0, 20).Select(i => 0.1f * i).ToArray());
        m.SetInput("t", Enumerable.Range(0, 12).Select(i => (i % 3) / 2f).ToArray());
        m.Forward();
        using var rec = _acc.RecordLaunches();
        m.Backward();
        var names = rec.Launches.Select(l => l.Kernel).ToArray();
        Assert.That(names, Has.None.EqualTo(LossKernels.BceLogitsTermsKernel.Name), "the backward recomputes no loss terms");
        Assert.That(names, Has.None.EqualTo(ReductionKernels.SumBlocksKernel.Name), "the backward sums nothing");
        Assert.That(names, Has.None.EqualTo(ElementwiseKernels.AccumulateScaledByScalarKernel.Name), "the upstream gradient is applied in the gradient kernel");
        Assert.That(names.Count(n => n == LossKernels.BceLogitsGradKernel.Name), Is.EqualTo(1), string.Join(", ", names));
    }

    [Test]
    public void LabelOutOfRangeIsNamedWhenTheLossIsRead()
    {
        var g = new GraphBuilder("classifier");
        var logits = g.Linear(g.Input("x", 4, 5), 3, "fc");
        g.SetLoss(g.CrossEntropy(logits, g.IntInput("labels", 4), name: "ce"));
        using var m = g.Compile(_acc);
        m.SetInput("x", new float[20]);
        m.SetInput("labels", [0, 2, 7, 1]);
        m.Forward();
        var ex = Assert.Throws<ArgumentException>(() => m.ReadLoss());
        Assert.That(ex!.Message, Does.Contain("CrossEntropyLoss 'ce'").And.Contain("label 7 at row 2").And.Contain("[0, 3)"));

        m.SetInput("labels", [0, 2, 1, 1]);
        m.Forward(); // each forward resets the check
        float ce = m.ReadLoss();
        Assert.That(float.IsFinite(ce) && ce > 0, $"loss {ce}");
    }

    [Test]
    public void TargetThatNeedsAGradientIsRefused()
    {
        var g = new GraphBuilder("bad-target");
        var x = g.Input("x", 2, 3);
        g.SetLoss(g.Mse(x, g.Linear(x, 3, "fc"), name: "rec"));
        using var m = g.Compile(_acc);
        m.SetInput("x", new float[6]);
        m.Forward();
        var ex = Assert.Throws<GraphException>(m.Backward);
        Assert.That(ex!.Message, Does.Contain("MSELoss 'rec'").And.Contain("'fc'").And.Contain("targets and labels must be constants"));
    }
}
