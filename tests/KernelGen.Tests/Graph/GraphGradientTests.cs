using KernelGen.Graph;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Graph;

/// <summary>
/// Whole-graph gradients of each model family against central finite differences of the compiled graph's own
/// loss (float), on every backend (<see cref="FiniteDifferences.Check"/>).
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.Backends))]
public sealed class GraphGradientTests(string backend) : DeviceFixture(backend)
{
    [TestCase(false)]
    [TestCase(true)]
    public void AutoencoderGradients(bool tied)
    {
        using var m = SmallModels.Autoencoder(tied).Compile(Acc, new CompileOptions { Seed = 3 });
        SmallModels.Feed(m, 1);
        FiniteDifferences.Check(m);
    }

    [Test]
    public void VaeGradientsWithReparameterization()
    {
        using var m = SmallModels.Vae().Compile(Acc, new CompileOptions { Seed = 4 });
        SmallModels.Feed(m, 2);
        FiniteDifferences.Check(m);
    }

    [Test]
    public void GanStepsTrainOnlyTheirOwnGroup()
    {
        var (d, g) = SmallModels.Gan();
        var models = Compiler.Compile(Acc, new CompileOptions { Seed = 5 }, d, g);
        using var dm = models[0];
        using var gm = models[1];
        SmallModels.Feed(dm, 3);
        SmallModels.Feed(gm, 4);
        FiniteDifferences.Check(dm, only: "discriminator");
        FiniteDifferences.Check(gm, only: "generator");

        // A G step must leave the discriminator untouched (and vice versa).
        dm.Store.Group("discriminator").UseOptimizer(new Sgd(0.1f));
        dm.Store.Group("generator").UseOptimizer(new Sgd(0.1f));
        var before = Snapshot(dm.Store, "disc.fc1.weight");
        gm.Step();
        Assert.That(Snapshot(gm.Store, "disc.fc1.weight"), Is.EqualTo(before), "G step changed the frozen discriminator");
        var genBefore = Snapshot(dm.Store, "gen.fc1.weight");
        dm.Step();
        Assert.That(Snapshot(dm.Store, "gen.fc1.weight"), Is.EqualTo(genBefore), "D step changed the frozen generator");
        Assert.That(Snapshot(dm.Store, "disc.fc1.weight"), Is.Not.EqualTo(before), "D step did not train the discriminator");
    }

    private static float[] Snapshot(ParameterStore store, string name) => store.Read(name);
}
