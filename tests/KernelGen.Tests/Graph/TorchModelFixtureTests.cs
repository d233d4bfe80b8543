using KernelGen.Graph;
using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Graph;

/// <summary>
/// Whole-model parity with PyTorch (tests/fixtures/torch/cases_models.py), on every backend: fixed weights are
/// written into the compiled graph by name, one forward and backward must give PyTorch's loss and the gradient
/// of every parameter within |k − t| &lt;= 2e-5 + 2e-4·|t| (float32 on both sides, different summation orders
/// and transcendental implementations); 3 Adam steps must give torch.optim.Adam's parameters within the same bound.
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.Backends))]
public sealed class TorchModelFixtureTests(string backend) : DeviceFixture(backend)
{
    private const double Abs = 2e-5, Rel = 2e-4;

    internal static GraphBuilder Autoencoder()
    {
        var g = new GraphBuilder("torch-ae");
        var x = g.Input("x", 5, 6);
        var y = g.Sigmoid(g.Linear(g.Sigmoid(g.Linear(x, 4, "enc")), 6, "dec"));
        g.SetLoss(g.Mse(y, x));
        return g;
    }

    private static GraphBuilder Vae(int batch)
    {
        var g = new GraphBuilder("torch-vae");
        var x = g.Input("x", batch, 12);
        var eps = g.Input("eps", batch, 3);
        var h = g.Relu(g.Linear(x, 8, "enc"));
        var mu = g.Linear(h, 3, "mu");
        var logvar = g.Linear(h, 3, "logvar");
        var z = g.Reparameterize(mu, logvar, eps);
        var logits = g.Linear(g.Relu(g.Linear(z, 8, "dec1")), 12, "dec2");
        g.SetLoss(g.Scale(g.Add(g.BinaryCrossEntropyWithLogits(logits, x, LossReduction.Sum), g.GaussianKl(mu, logvar, LossReduction.Sum)), 1f / batch));
        return g;
    }

    private static Tensor Generator(GraphBuilder g, Tensor z) =>
        g.InGroup("generator", () => g.Tanh(g.Linear(g.Tanh(g.Linear(z, 5, "gen.fc1")), 6, "gen.fc2")));

    private static Tensor Discriminator(GraphBuilder g, Tensor x) =>
        g.InGroup("discriminator", () => g.Linear(g.LeakyRelu(g.Linear(x, 5, "disc.fc1"), 0.2f), 1, "disc.fc2"));

    private static (GraphBuilder D, GraphBuilder G) Gan(int batch)
    {
        var d = new GraphBuilder("torch-gan-d");
        var real = d.Input("x", batch, 6);
        var zd = d.Input("z", batch, 2);
        var onesD = d.Input("ones", batch, 1);
        var zeros = d.Input("zeros", batch, 1);
        var fake = Generator(d, zd);
        d.Freeze("generator");
        d.SetLoss(d.Add(d.BinaryCrossEntropyWithLogits(Discriminator(d, real), onesD), d.BinaryCrossEntropyWithLogits(Discriminator(d, fake), zeros)));

        var g = new GraphBuilder("torch-gan-g");
        var zg = g.Input("z", batch, 2);
        var onesG = g.Input("ones", batch, 1);
        g.Freeze("discriminator");
        g.SetLoss(g.BinaryCrossEntropyWithLogits(Discriminator(g, Generator(g, zg)), onesG)); // non-saturating
        return (d, g);
    }

    /// <summary>Writes the fixture's weights into the store and its tensors into the graph's inputs.</summary>
    internal static void Load(TorchFixture f, CompiledGraph m)
    {
        foreach (var spec in m.Store.Specs) m.Store.Write(spec.Name, f.Input(spec.Name));
        foreach (var input in m.Graph.Inputs)
        {
            int n = input.Shape.Numel;
            m.SetInput(input.Name, input.Name switch
            {
                "ones" => Enumerable.Repeat(1f, n).ToArray(),
                "zeros" => new float[n],
                _ => f.Input(input.Name),
            });
        }
    }

    private static void Near(IReadOnlyList<float> actual, IReadOnlyList<float> expected, string what)
    {
        Assert.That(actual.Count, Is.EqualTo(expected.Count), what);
        for (int i = 0; i < expected.Count; i++)
            Assert.That(actual[i], Is.EqualTo(expected[i]).Within(Abs + Rel * Math.Abs(expected[i])), $"{what}[{i}]");
    }

    private static void ForwardBackward(CompiledGraph m, TorchFixture f, string loss, string? group = null)
    {
        m.Forward();
        m.Backward();
        Near([m.ReadLoss()], f.Output(loss), $"{m.Graph.Name} {loss}");
        foreach (var spec in m.Store.Specs.Where(s => group is null || s.Group == group))
            Near(m.ReadGrad(m.Graph.GetParameter(spec.Name)), f.Grad(spec.Name), $"{m.Graph.Name} d{loss}/d{spec.Name}");
    }

    [Test]
    public void MlpAutoencoderMatchesTorch()
    {
        var f = TorchFixture.Load("model_ae");
        using var m = Autoencoder().Compile(Acc);
        Load(f, m);
        ForwardBackward(m, f, "loss");
    }

    [Test]
    public void VaeMatchesTorch()
    {
        var f = TorchFixture.Load("model_vae");
        using var m = Vae((int)f.Param("batch")).Compile(Acc);
        Load(f, m);
        ForwardBackward(m, f, "loss");
    }

    [Test]
    public void GanStepsMatchTorch()
    {
        var f = TorchFixture.Load("model_gan");
        var (d, g) = Gan((int)f.Param("batch"));
        var models = Compiler.Compile(Acc, new CompileOptions(), d, g);
        using var dm = models[0];
        using var gm = models[1];
        Load(f, dm);
        Load(f, gm);
        ForwardBackward(dm, f, "d_loss", "discriminator");
        ForwardBackward(gm, f, "g_loss", "generator");
    }

    [Test]
    public void AdamTrajectoryMatchesTorch()
    {
        var f = TorchFixture.Load("model_ae_adam");
        using var m = Autoencoder().Compile(Acc);
        Load(f, m);
        m.Store.Group("default").UseOptimizer(new Adam((float)f.Param("lr")));
        for (int step = 0; step < (int)f.Param("steps"); step++)
        {
            m.Step();
            Near([m.ReadLoss()], f.Output($"loss{step}"), $"loss before step {step + 1}");
            foreach (var spec in m.Store.Specs)
                Near(m.Store.Read(spec.Name), f.Output($"{spec.Name}@{step + 1}"), $"{spec.Name} after step {step + 1}");
        }
    }
}
