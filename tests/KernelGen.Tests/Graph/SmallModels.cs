using KernelGen.Graph;

namespace KernelGen.Tests.Graph;

/// <summary>
/// Small instances of each model family, for whole-graph checks. Losses are Σ y·r with a fixed random r (smooth,
/// non-trivial); activations are smooth so a finite step never crosses a kink (ReLU-like ops are checked op by op).
/// </summary>
internal static class SmallModels
{
    public const int Batch = 3, Features = 7, Hidden = 5, Latent = 2;

    public static GraphBuilder Autoencoder(bool tied = false)
    {
        var g = new GraphBuilder(tied ? "tied-ae" : "ae");
        var x = g.Input("x", Batch, Features);
        var r = g.Input("r", Batch, Features);
        var h = g.Sigmoid(g.Linear(x, Hidden, "enc"), "enc.act");
        var y = tied ? g.LinearTied(h, g.GetParameter("enc.weight"), "dec") : g.Linear(h, Features, "dec");
        y = g.MarkOutput(g.Tanh(y, "dec.act"));
        g.SetLoss(g.Sum(g.Multiply(y, r)));
        return g;
    }

    public static GraphBuilder Vae()
    {
        var g = new GraphBuilder("vae");
        var x = g.Input("x", Batch, Features);
        var r = g.Input("r", Batch, Features);
        var h = g.Tanh(g.Linear(x, Hidden, "enc"));
        var mu = g.Linear(h, Latent, "mu");
        var logvar = g.Linear(h, Latent, "logvar");
        var z = g.Reparameterize(mu, logvar);
        var y = g.Sigmoid(g.Linear(g.Tanh(g.Linear(z, Hidden, "dec1")), Features, "dec2"));
        var kl = g.Sum(g.Multiply(mu, mu), "mu2");
        g.SetLoss(g.Add(g.Sum(g.Multiply(y, r)), g.Scale(kl, 0.5f)));
        return g;
    }

    private static Tensor Generator(GraphBuilder g, Tensor z) =>
        g.InGroup("generator", () => g.Tanh(g.Linear(g.Sigmoid(g.Linear(z, Hidden, "gen.fc1")), Features, "gen.fc2")));

    private static Tensor Discriminator(GraphBuilder g, Tensor x) =>
        g.InGroup("discriminator", () => g.Linear(g.Tanh(g.Linear(x, Hidden, "disc.fc1")), 1, "disc.fc2"));

    /// <summary>A GAN's two steps over shared parameters (Wasserstein-style losses: smooth, easy to check).</summary>
    public static (GraphBuilder DStep, GraphBuilder GStep) Gan()
    {
        var d = new GraphBuilder("d-step");
        var real = d.Input("x", Batch, Features);
        var zd = d.Input("z", Batch, Latent);
        var fake = Generator(d, zd);
        d.Freeze("generator");
        d.SetLoss(d.Add(d.Mean(Discriminator(d, fake)), d.Scale(d.Mean(Discriminator(d, real)), -1f)));

        var gs = new GraphBuilder("g-step");
        var zg = gs.Input("z", Batch, Latent);
        gs.Freeze("discriminator");
        gs.SetLoss(gs.Scale(gs.Mean(Discriminator(gs, Generator(gs, zg))), -1f));
        return (d, gs);
    }

    public static void Feed(CompiledGraph m, int seed)
    {
        var rng = new Random(seed);
        foreach (var input in m.Graph.Inputs)
            m.SetInput(input.Name, Enumerable.Range(0, input.Shape.Numel).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray());
    }
}
