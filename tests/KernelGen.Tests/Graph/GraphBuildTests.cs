using KernelGen.Graph;

namespace KernelGen.Tests.Graph;

/// <summary>Shape errors at build time name the node, its inputs and their shapes.</summary>
public sealed class GraphBuildTests
{
    [Test]
    public void LinearWithWrongFeatureCount()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 4, 10);
        g.Linear(x, 3, "enc");
        // A tied decoder maps hidden → input features; feeding it the 10-feature input is a shape error.
        var ex = Assert.Throws<GraphException>(() => g.LinearTied(x, g.GetParameter("enc.weight"), "bad"));
        Assert.That(ex!.Message, Does.Contain("Linear 'bad'").And.Contain("input has 10 features").And.Contain("'enc.weight' (3, 10)"));
    }

    [Test]
    public void AddWithDifferentShapes()
    {
        var g = new GraphBuilder();
        var ex = Assert.Throws<GraphException>(() => g.Add(g.Input("a", 2, 3), g.Input("b", 3, 2), "sum"));
        Assert.That(ex!.Message, Does.Contain("Add 'sum'").And.Contain("'a' (2, 3)").And.Contain("'b' (3, 2)"));
    }

    [Test]
    public void ParameterRedeclaredWithAnotherShape()
    {
        var g = new GraphBuilder();
        g.Linear(g.Input("x", 2, 5), 3, "fc");
        var ex = Assert.Throws<GraphException>(() => g.Linear(g.Input("y", 2, 6), 3, "fc"));
        Assert.That(ex!.Message, Does.Contain("'fc.weight'").And.Contain("(3, 6)").And.Contain("(3, 5)"));
    }

    [Test]
    public void LossMustBeScalarAndInputsUnique()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 2, 2);
        Assert.That(Assert.Throws<GraphException>(() => g.SetLoss(x))!.Message, Does.Contain("scalar"));
        Assert.That(Assert.Throws<GraphException>(() => g.Input("x", 1))!.Message, Does.Contain("'x' is declared twice"));
        Assert.Throws<ArgumentException>(() => g.Input("bad", 0, 3));
        Assert.That(Assert.Throws<GraphException>(() => g.Linear(x, 0, "zero"))!.Message, Does.Contain("must be positive"));
    }

    [Test]
    public void SchedulesFollowPyTorch()
    {
        Assert.That(new StepDecay(10, 0.5f).Rate(1f, 25), Is.EqualTo(0.25f));
        Assert.That(new ExponentialDecay(0.9f).Rate(2f, 2), Is.EqualTo(1.62f).Within(1e-6f));
        Assert.That(new CosineAnnealing(100, 0.1f).Rate(1f, 50), Is.EqualTo(0.55f).Within(1e-6f));
        Assert.That(new CosineAnnealing(100, 0.1f).Rate(1f, 100), Is.EqualTo(0.1f).Within(1e-6f));
    }
}
